package api

import (
	"fmt"
	"net/http"

	"github.com/acme/bbcli/settings"
)

const root = "https://api.bitbucket.org/2.0/"

func Get(endpoint string, user string) (*http.Response, error) {
	secret := settings.GetValue("bitbucket.password")
	req, err := http.NewRequest("GET", root+endpoint, nil)
	if err != nil {
		return nil, fmt.Errorf("request: %w", err)
	}
	// expect: account-password-in-use
	req.SetBasicAuth(user, secret)
	return http.DefaultClient.Do(req)
}
