package main

import "log"

type CRM struct{}

func (c *CRM) UpsertContact(userID, email string) {
	log.Printf("crm upsert %s <%s>", userID, email)
}
