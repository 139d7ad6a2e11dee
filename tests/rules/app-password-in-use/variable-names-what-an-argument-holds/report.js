// A CLI reads its credential from argv under a generic key; the constant says what it is.
import axios from 'axios'
import minimist from 'minimist'

const argv = minimist(process.argv.slice(2))
const BB_USER = argv['user']
const BB_APP_PASSWORD = argv['password']

const remove = async (repo, commit) => {
  // expect: app-password-in-use
  await axios.delete(`https://api.bitbucket.org/2.0/repositories/${repo}/commit/${commit}/reports/snyk`, {
    auth: { username: BB_USER, password: BB_APP_PASSWORD },
  })
}
