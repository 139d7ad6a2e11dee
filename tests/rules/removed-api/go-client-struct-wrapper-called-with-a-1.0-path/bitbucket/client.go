package bitbucket

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

const defaultBaseURL = "https://api.bitbucket.org/1.0"

// Client talks to the Bitbucket REST API.
type Client struct {
	baseURL  string
	username string
	password string
	http     *http.Client
}

// NewClient reads the credentials from the environment.
func NewClient() *Client {
	return &Client{
		baseURL:  defaultBaseURL,
		username: os.Getenv("BITBUCKET_USERNAME"),
		password: os.Getenv("BITBUCKET_TOKEN"),
		http:     &http.Client{},
	}
}

func (c *Client) get(path string, out interface{}) error {
	req, err := http.NewRequest(http.MethodGet, c.baseURL+path, nil)
	if err != nil {
		return err
	}
	req.SetBasicAuth(c.username, c.password)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(out)
}

// Followers lists who follows an account.
func (c *Client) Followers(account string) ([]string, error) {
	var names []string
	// expect: removed-api
	err := c.get(fmt.Sprintf("/users/%s/followers", account), &names)
	return names, err
}
