-- The registered clusters, as a fleet upgrade lists them: the first event of each cluster's stream. A partial index
-- over the streams' first events keeps the list one index scan, however long the clusters' histories are.
CREATE INDEX domainevententry_stream_starts ON domainevententry (payloadtype, aggregateidentifier)
    WHERE sequencenumber = 0;
