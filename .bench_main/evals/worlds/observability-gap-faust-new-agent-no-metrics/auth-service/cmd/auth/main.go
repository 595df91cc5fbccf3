package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/acme/identity/auth-service/internal/audit"
)

func main() {
	emitter, err := audit.NewEmitter(strings.Split(os.Getenv("KAFKA_BROKERS"), ","))
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		user := r.FormValue("user")
		ok := r.FormValue("password") != ""
		emitter.Login(user, r.RemoteAddr, ok)
	})
	http.HandleFunc("/password-reset", func(w http.ResponseWriter, r *http.Request) {
		emitter.PasswordReset(r.FormValue("user"), r.RemoteAddr, r.FormValue("channel"))
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
