require 'rest-client'
require 'base64'

module BitbucketMirror
  class Http
    class << self
      attr_accessor :user, :secret
    end

    def get(url, headers = {})
      # expect: account-password-in-use
      RestClient.get url, headers.merge(credentials)
    end

    def delete(url, headers = {})
      RestClient.delete url, headers.merge!(accept: :json)
    end

    private

    def credentials
      pair = Base64.strict_encode64("#{self.class.user}:#{self.class.secret}")
      { Authorization: "Basic #{pair}" }
    end
  end
end
