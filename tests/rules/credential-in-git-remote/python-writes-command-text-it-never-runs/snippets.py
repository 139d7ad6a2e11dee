import random


def snippet(rng, user, password):
    line = f"git remote add origin https://{user}:{password}@bitbucket.org/acme/app.git"
    return rng.choice((line, "git push origin main"))


if __name__ == "__main__":
    print(snippet(random.Random(1), "jdoe", "${BB_PASSWORD}").count("git"))
