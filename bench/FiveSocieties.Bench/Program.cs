using FiveSocieties.Bench;

// dotnet run -c Release --project bench/FiveSocieties.Bench -- <benchmark> [options]
try
{
    return args switch
    {
        ["import", .. var rest] => await ImportBenchmark.RunAsync(rest),
        ["needs-list", .. var rest] => await NeedListBenchmark.RunAsync(rest),
        ["matching", .. var rest] => await MatchingBenchmark.RunAsync(rest),
        ["elasticsearch", .. var rest] => await ElasticsearchBenchmark.RunAsync(rest),
        ["push", .. var rest] => await PushBenchmark.RunAsync(rest),
        ["push-clients", .. var rest] => await PushBenchmark.RunClientsAsync(rest), // push's client process
        ["upload-memory", .. var rest] => await UploadMemoryBenchmark.RunAsync(rest),
        ["login", .. var rest] => await LoginBenchmark.RunAsync(rest),
        _ => Usage(),
    };
}
catch (BenchArgsException wrong)
{
    Console.Error.WriteLine(wrong.Message);
    return Usage();
}

static int Usage()
{
    Console.WriteLine("""
        FiveSocieties benchmarks (figures; exit 1 when a check fails). See bench/README.md.
          import [--rows 20000] [--provider Sqlite|PostgreSQL --connection "..."]
              builds the demo county, writes a volunteer roster (.xlsx) of N rows with Chinese headers,
              imports it with the command-line import, then imports it again and checks that the second
              import created and updated nothing
          needs-list [--needs 100000] [--provider … --connection …]
              adds N needs to the demo county and times the needs list: first and deep keyset pages,
              filters and Chinese search, for a station worker and for the county
          matching [--providers 100000] [--needs 100000] [--queries 1000] [--per-county 10000] [--check 20]
              builds the embedded candidate index from N generated providers (time, memory), times top-20
              matching for 1,000 needs and reverse matching over the open needs; --check K compares the
              first K answers with a brute-force scan
          elasticsearch [--providers 100000] [--needs 20000] [--queries 500] [--url http://host:9200
               [--username u --password p | --api-key k] [--ca ca.pem]]
              the size of the documents the Elasticsearch index stores (always); with a cluster, the
              rebuild rate, top-20 matching both ways through the adapter, and reverse matching through a
              percolator over the same needs for comparison (indices named fs-bench-*, deleted after)
          push [--connections 500,2000] [--rate 50] [--seconds 20] [--post direct|service] [--posters K]
               [--provider … --connection …]
              starts the site on a Kestrel port, opens N WebSocket connections to /hubs/brokering as the
              station workers (round-robin, from a second process), posts needs at the rate — checked as
              NeedService checks them and saved directly (direct, the default), or through
              NeedService.PostAsync with matching (service) — K at a time (default 1 on SQLite, 8 on
              PostgreSQL), and times each need from its commit to every receiving client's callback
              (p50/p95/p99/max); deliveries expected over the connections that connected vs received:
              exit 1 if any is lost, duplicated or outside its audience; memory per idle connection
          upload-memory
              the largest uploads the import limits allow (a 100,000-row roster, an .xlsx just under the
              cell and text limits, one padded to near the unpacked limit, a 10 MB CSV), each read as the
              import reads it in a process of its own: time, peak GC heap, what the table keeps, peak working set
          login [--samples 100] [--seconds 30] [--clients 200] [--concurrency 16] [--provider … --connection …]
              times failed API sign-ins for names with and without an account (limits raised), then counts
              the sign-ins the default rate limits let through in S seconds from one client and from N clients
        """);
    return 64;
}
