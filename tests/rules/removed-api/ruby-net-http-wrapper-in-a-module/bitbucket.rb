require 'net/http'
require 'json'

module Bitbucket
  API_ROOT = 'https://api.bitbucket.org/1.0'

  class Client
    attr_reader :user

    def initialize(user, token)
      @user = user
      @token = token
    end

    def get(path)
      uri = URI("#{API_ROOT}#{path}")
      req = Net::HTTP::Get.new(uri)
      req['Authorization'] = "Bearer #{@token}"
      res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
      JSON.parse(res.body)
    end

    def followers(owner, slug)
      # expect: removed-api
      get "/repositories/#{owner}/#{slug}/followers"
    end
  end
end
