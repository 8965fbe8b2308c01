using System.Text.Json;
using GameOps.Silo.Api;
using GameOps.Silo.Hosting;
using GameOps.Silo.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.Api;

public sealed class ApiExceptionHandlerTests
{
    [Fact]
    public async Task A_grain_that_did_not_answer_in_time_is_a_503_the_caller_may_retry_not_a_500()
    {
        var (context, body) = await HandleAsync(new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request ..."));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("Busy", body.GetProperty("title").GetString());
        Assert.DoesNotContain("message", body.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_without_retry_advice_and_without_its_message()
    {
        var (context, body) = await HandleAsync(new InvalidOperationException("secret detail"));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
        Assert.DoesNotContain("secret", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grain_call_before_a_grain_less_process_can_make_one_is_a_503_the_caller_may_retry_not_a_400()
    {
        // What Orleans' client throws for a grain call while its cluster manifest lists no silo with grains.
        var failed = new ArgumentException("Could not find an implementation for interface GameOps.IPlatformGrain");
        using var connection = new ClusterConnection(
            new OrleansClientDouble(),
            new ClusterManifestsDouble(ClusterManifestsDouble.ClientOnly()),
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
            NullLogger<ClusterConnection>.Instance);

        var (context, _) = await HandleAsync(failed, connection);

        Assert.Equal((StatusCodes.Status503ServiceUnavailable, "1"), (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString()));
    }

    private static async Task<(HttpContext Context, JsonElement Body)> HandleAsync(Exception exception, ClusterConnection? connection = null)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new ApiExceptionHandler(
            services.GetRequiredService<IProblemDetailsService>(), Options.Create(new JsonOptions()), NullLogger<ApiExceptionHandler>.Instance, connection);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/api/v1/hosts";
        context.Response.Body = new MemoryStream();

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Response.Body);
        return (context, document.RootElement.Clone());
    }
}
