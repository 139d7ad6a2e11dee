package hook

import (
	"crypto/tls"
	"net/http"
	"os"

	"github.com/go-resty/resty/v2"
)

var insecure = &http.Client{
	Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	},
}

func Approve(workspace, repo, id string) error {
	req, err := http.NewRequest("POST", "https://api.bitbucket.org/2.0/repositories/"+workspace+"/"+repo+
		"/pullrequests/"+id+"/approve", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("BITBUCKET_ACCESS_TOKEN"))
	// expect: tls-verification-disabled
	_, err = insecure.Do(req)
	return err
}

func Comment(workspace, repo, id, text string) error {
	client := resty.New().
		SetTLSClientConfig(&tls.Config{InsecureSkipVerify: true}).
		SetAuthToken(os.Getenv("BITBUCKET_ACCESS_TOKEN"))
	_, err := client.R().SetBody(map[string]interface{}{"content": map[string]string{"raw": text}}).
		// expect: tls-verification-disabled
		Post("https://api.bitbucket.org/2.0/repositories/" + workspace + "/" + repo + "/pullrequests/" + id + "/comments")
	return err
}
