package bitbucket

import (
	"io"
	"net/http"
)

const apiRoot = "https://api.bitbucket.org/2.0/"

type Client struct {
	http     http.Client
	username string
	password string
}

func NewClient(username, password string) Client {
	return Client{http: http.Client{}, username: username, password: password}
}

func (c Client) send(method, path string) ([]byte, error) {
	req, err := http.NewRequest(method, apiRoot+path, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.username, c.password)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
