require 'net/http'

namespace :deploy do
  task :pipeline do
    token = ENV['BITBUCKET_ACCESS_TOKEN']
    uri = URI('https://api.bitbucket.org/2.0/repositories/acme/app/pipelines/')
    req = Net::HTTP::Post.new(uri)
    req['Authorization'] = "Bearer #{token}"
    req['Content-Type'] = 'application/json'
    req.body = { target: { ref_type: 'branch', type: 'pipeline_ref_target', ref_name: 'main' } }.to_json
    Net::HTTP.start(uri.hostname, uri.port, use_ssl: true) do |http|
      http.request(req)
    end
    RestClient.get 'https://api.bitbucket.org/2.0/repositories/acme/app/pipelines/', Authorization: "Bearer #{token}"
  end
end
