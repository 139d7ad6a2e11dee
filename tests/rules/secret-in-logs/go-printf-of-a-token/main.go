package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	token := os.Getenv("BITBUCKET_ACCESS_TOKEN")
	// expect: secret-in-logs
	fmt.Printf("using token %s\n", token)
	fmt.Println("token length", len(token))
	req, _ := http.NewRequest("GET", "https://api.bitbucket.org/2.0/user", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if _, err := http.DefaultClient.Do(req); err != nil {
		// expect: secret-in-logs
		log.Fatalf("request with %s failed: %v", token, err)
	}
}
