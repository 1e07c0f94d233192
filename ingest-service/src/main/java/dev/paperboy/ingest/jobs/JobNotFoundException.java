package dev.paperboy.ingest.jobs;

public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String id) {
        super("no job " + id);
    }
}
