package main

import (
	"bytes"
	"log"
	"net/http"
	"os"

	"github.com/go-resty/resty/v2"
)

const api = "https://api.bitbucket.org/2.0"

func tag(workspace, repo, name, commit string) {
	body := []byte(`{"name": "` + name + `", "target": {"hash": "` + commit + `"}}`)
	req, err := http.NewRequest("POST", api+"/repositories/"+workspace+"/"+repo+"/refs/tags", bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	// expect: app-password-in-use
	req.SetBasicAuth(os.Getenv("BITBUCKET_USER"), os.Getenv("BITBUCKET_APP_PASSWORD"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
}

func pipelines(workspace, repo string) {
	client := resty.New().
		SetBaseURL(api).
		// expect: app-password-in-use
		SetBasicAuth(os.Getenv("BB_USER"), os.Getenv("BB_APP_PASSWORD"))
	resp, err := client.R().
		SetHeader("Accept", "application/json").
		Get("/repositories/" + workspace + "/" + repo + "/pipelines/")
	if err != nil {
		log.Fatal(err)
	}
	log.Println(resp.Status())
}

func main() {
	tag("acme", "api", os.Args[1], os.Args[2])
	pipelines("acme", "api")
}
