package org.acme

class Git implements Serializable {
    def steps
    Git(steps) { this.steps = steps }

    def push(String user, String pass, String repo) {
        // expect: account-password-in-use
        steps.sh "git push https://${user}:${pass}@bitbucket.org/acme/${repo}.git HEAD:main"
    }
}
