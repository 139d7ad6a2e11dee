require 'httparty'
require 'rest-client'

class BitbucketSync
  include HTTParty
  base_uri 'https://api.bitbucket.org/2.0'
  # expect: account-password-in-use
  basic_auth ENV['BITBUCKET_USER'], ENV['BITBUCKET_PASSWORD']
  headers 'Accept' => 'application/json'

  def self.pull_requests(workspace, repo)
    get("/repositories/#{workspace}/#{repo}/pullrequests", query: { state: 'OPEN' })
  end
end

def issues(workspace, repo)
  # expect: account-password-in-use
  RestClient::Request.execute(method: :get,
                              url: "https://api.bitbucket.org/2.0/repositories/#{workspace}/#{repo}/issues",
                              user: ENV['BB_LOGIN'], password: ENV['BB_PASSWORD'])
end
