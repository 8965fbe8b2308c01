namespace GameOps.Bench.Jobs;

/// <summary>The names of <see cref="JobTransport"/> on the command line.</summary>
public static class JobTransports
{
    public static JobTransport Parse(string name) => name switch
    {
        "rest" => JobTransport.Rest,
        "rest-batch" => JobTransport.RestBatch,
        "grpc" => JobTransport.Grpc,
        "grpc-batch" => JobTransport.GrpcBatch,
        _ => throw new ArgumentException($"--transport is rest, rest-batch, grpc or grpc-batch, not '{name}'."),
    };
}
