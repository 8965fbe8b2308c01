using System.Data.Common;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using Microsoft.AspNetCore.Diagnostics;

namespace GameOps.Silo.Api;

/// <summary>
/// Turns exceptions into problem details: the caller's mistakes into 4xx with their message, a database that
/// did not answer into a 503, anything else into a 500 that reveals nothing but a trace id.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", DescribeBadRequest(bad)),
            HostNotFoundException or JobNotFoundException => (StatusCodes.Status404NotFound, "Not found", exception.Message),
            HostAlreadyRegisteredException => (StatusCodes.Status409Conflict, "Conflict", exception.Message),
            HostQueueFullException => (StatusCodes.Status429TooManyRequests, "Too many queued jobs", exception.Message),
            ArgumentException => (StatusCodes.Status400BadRequest, "Bad request", exception.Message),
            _ when IsStorageFailure(exception) => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable", "The database did not take the change in time; try again shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The request failed; the server log has the details under this trace id."),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    // Orleans wraps what a storage provider throws; the database's own error (SQLite's or PostgreSQL's) is inside.
    private static bool IsStorageFailure(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException)
            {
                return true;
            }
        }

        return false;
    }

    private static string DescribeBadRequest(BadHttpRequestException exception) =>
        exception.InnerException is System.Text.Json.JsonException json
            ? $"The request body is not valid JSON for this endpoint: {json.Message}"
            : exception.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
