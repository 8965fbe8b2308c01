using System.Text.Json;
using GameOps.Silo.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
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

    private static async Task<(HttpContext Context, JsonElement Body)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new ApiExceptionHandler(
            services.GetRequiredService<IProblemDetailsService>(), Options.Create(new JsonOptions()), NullLogger<ApiExceptionHandler>.Instance);
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
