package main

import (
	"fmt"
	"net/http"
)

func main() {
	var username, password string
	fmt.Print("Bitbucket username: ")
	fmt.Scanln(&username)
	fmt.Print("Bitbucket password: ")
	// expect: prompt-echoes-secret
	fmt.Scanln(&password)
	req, _ := http.NewRequest("GET", "https://api.bitbucket.org/2.0/user", nil)
	req.SetBasicAuth(username, password)
	http.DefaultClient.Do(req)
}
