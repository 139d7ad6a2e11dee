require 'net/http'
require 'faraday'

TOKEN = ENV.fetch('BITBUCKET_ACCESS_TOKEN')
uri = URI.parse("https://api.bitbucket.org/2.0/repositories/acme/app/commit/#{ARGV[0]}/statuses/build")
http = Net::HTTP.new(uri.host, uri.port)
http.use_ssl = true
http.verify_mode = OpenSSL::SSL::VERIFY_NONE
req = Net::HTTP::Post.new(uri.request_uri, 'Content-Type' => 'application/json')
req['Authorization'] = "Bearer #{TOKEN}"
# expect: tls-verification-disabled
http.request(req)

conn = Faraday.new(url: 'https://api.bitbucket.org', ssl: { verify: false }) do |f|
  f.request :authorization, 'Bearer', TOKEN
end
# expect: tls-verification-disabled
conn.get '/2.0/repositories/acme/app/commits'
