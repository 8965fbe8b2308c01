namespace GameOps.Silo.Hosting;

/// <summary>
/// In a grain-less process, answers every request but the health probes with 503 until <see cref="ClusterConnection"/>
/// can call grains: an API call, an agent's stream or a console page all need them. gRPC callers (agents) read
/// UNAVAILABLE, which they retry.
/// </summary>
public sealed class ClusterConnectionGate(RequestDelegate next, ClusterConnection connection, IProblemDetailsService problemDetails)
{
    // https://github.com/grpc/grpc/blob/master/doc/statuscodes.md: UNAVAILABLE, "most likely a transient condition".
    private const string GrpcUnavailable = "14";
    internal const string Title = "Not connected to the cluster";
    internal const string Detail = "No silo of the cluster has answered yet; try again shortly.";

    public Task InvokeAsync(HttpContext context)
    {
        if (connection.IsConnected || context.Request.Path == "/healthz" || context.Request.Path == "/readyz")
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = "1";
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A "Trailers-Only" answer (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = GrpcUnavailable;
            context.Response.Headers["grpc-message"] = Detail;
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = Title, Detail = Detail },
        }).AsTask();
    }
}
