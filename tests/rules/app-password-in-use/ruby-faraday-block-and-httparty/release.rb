require 'faraday'
require 'httparty'
require 'base64'

class Release
  BASE = 'https://api.bitbucket.org'

  def initialize(workspace, repo)
    @workspace = workspace
    @repo = repo
  end

  def connection
    @connection ||= Faraday.new(url: BASE) do |f|
      # expect: app-password-in-use
      f.request :authorization, :basic, ENV['BITBUCKET_USERNAME'], ENV['BITBUCKET_APP_PASSWORD']
      f.adapter Faraday.default_adapter
    end
  end

  def tag(name, commit)
    connection.post("/2.0/repositories/#{@workspace}/#{@repo}/refs/tags",
                    { name: name, target: { hash: commit } }.to_json, 'Content-Type' => 'application/json')
  end

  def downloads
    auth = Base64.strict_encode64("#{ENV['BB_USER']}:#{ENV['BB_APP_PASSWORD']}")
    # expect: app-password-in-use
    HTTParty.get(format('%s/2.0/repositories/%s/%s/downloads', BASE, @workspace, @repo),
                 headers: { 'Authorization' => "Basic #{auth}" })
  end
end
