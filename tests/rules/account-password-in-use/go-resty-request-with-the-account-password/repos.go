package repos

import (
	"os"

	"github.com/go-resty/resty/v2"
)

type Repo struct {
	Slug string `json:"slug"`
}

func List(workspace string) ([]Repo, error) {
	var page struct {
		Values []Repo `json:"values"`
	}
	client := resty.New()
	_, err := client.R().
		// expect: account-password-in-use
		SetBasicAuth(os.Getenv("BITBUCKET_USERNAME"), os.Getenv("BITBUCKET_PASSWORD")).
		SetResult(&page).
		Get("https://api.bitbucket.org/2.0/repositories/" + workspace)
	return page.Values, err
}
