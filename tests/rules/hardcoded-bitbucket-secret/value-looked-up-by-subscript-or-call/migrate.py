import yaml

configs = yaml.safe_load(open("config.yml"))
BITBUCKET_USERNAME = configs["BITBUCKET_USERNAME"]
BITBUCKET_PASSWORD = configs["BITBUCKET_PASSWORD"]
BITBUCKET_TOKEN = configs.get("BITBUCKET_TOKEN")
