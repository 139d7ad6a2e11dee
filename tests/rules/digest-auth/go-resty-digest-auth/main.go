package main

import (
	"os"

	"github.com/go-resty/resty/v2"
)

func main() {
	client := resty.New().SetBaseURL("https://api.bitbucket.org/2.0")
	// expect: digest-auth
	client.R().SetDigestAuth(os.Getenv("BB_USER"), os.Getenv("BB_SECRET")).Get("/user")
}
