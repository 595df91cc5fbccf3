package main

import (
	"bufio"
	"log"
	"os"
	"strings"
)

func main() {
	p, err := newProducer(strings.Split(os.Getenv("KAFKA_BROKERS"), ","))
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()
	host, _ := os.Hostname()
	sc := bufio.NewScanner(os.Stdin) // journald export piped in
	for sc.Scan() {
		if err := ship(p, host, append([]byte(nil), sc.Bytes()...)); err != nil {
			log.Fatalf("ship audit line: %v", err)
		}
	}
}
