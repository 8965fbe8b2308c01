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
    private const string Detail = "No silo of the cluster has answered yet; try again shortly.";

    public Task InvokeAsync(HttpContext context)
    {
        if (connection.IsConnected || context.Request.Path == "/healthz" || context.Request.Path == "/readyz")
        {
            return next(context);
        }

        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A "Trailers-Only" answer (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
            context.Response.Headers.RetryAfter = "1";
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = GrpcUnavailable;
            context.Response.Headers["grpc-message"] = Detail;
            return Task.CompletedTask;
        }

        return problemDetails.WriteAsync(NotConnected(context)).AsTask();
    }

    /// <summary>
    /// The answer of a process that cannot call grains yet: 503, retry in a second, as problem details. Also the API's
    /// answer to a request the gate let through (a probe with a credential) that failed for the same reason.
    /// </summary>
    internal static ProblemDetailsContext NotConnected(HttpContext context, Exception? exception = null)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Not connected to the cluster", Detail = Detail },
        };
    }
}
