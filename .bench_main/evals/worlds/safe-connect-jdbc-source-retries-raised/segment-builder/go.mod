module github.com/crmco/segment-builder

go 1.22

require github.com/twmb/franz-go v1.16.1
