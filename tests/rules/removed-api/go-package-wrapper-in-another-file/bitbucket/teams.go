package bitbucket

import "encoding/json"

type Team struct {
	Username string `json:"username"`
}

func (c Client) Team(name string) (Team, error) {
	var team Team
	// expect: removed-api
	body, err := c.send("GET", "teams/"+name)
	if err != nil {
		return team, err
	}
	err = json.Unmarshal(body, &team)
	return team, err
}

func (c Client) Repositories(workspace string) ([]byte, error) {
	return c.send("GET", "repositories/"+workspace)
}
