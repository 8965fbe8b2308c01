using System.Net;
using System.Net.Http.Headers;
using GameOps.Silo.Tests.Api;
using Microsoft.AspNetCore.Hosting;

namespace GameOps.Silo.Tests.Observability;

public sealed class SwitchTests
{
    [Fact]
    public async Task Dashboard_metrics_and_tracing_can_each_be_switched_off()
    {
        await using var factory = new ApiFactory();
        var off = factory.WithWebHostBuilder(web => web
            .UseSetting("GameOps:Observability:Dashboard", "false")
            .UseSetting("GameOps:Observability:Metrics", "false")
            .UseSetting("GameOps:Observability:Tracing", "false"));
        using var client = off.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);

        using var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var dashboard = await client.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        using var api = await client.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK],
            [metrics.StatusCode, dashboard.StatusCode, api.StatusCode]);
    }
}
