using System.Net.Http.Headers;
using System.Text;
using GameOps.Grains.Hosts;
using GameOps.Silo.Tests.Gateway;
using Grpc.Core;

namespace GameOps.Silo.Tests.Observability;

[Collection(ObservabilitySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class SecretsTests(ObservabilitySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Silo_output_at_debug_level_never_contains_a_key_or_a_credential()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        var wrongCredential = "goh_" + Guid.NewGuid().ToString("N");
        var wrongKey = "goa_" + Guid.NewGuid().ToString("N");
        var basicAdmin = Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{fixture.AdminKey}"));
        await using (var refused = TestAgent.Open(fixture.Silo.GatewayAddress, host.Host.Id, wrongCredential))
        {
            Assert.Equal(StatusCode.Unauthenticated, await refused.ReadUntilEndAsync(Patience));
        }

        await using (var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential))
        {
            await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
            await fixture.Api.RunJobAsync(agent, host.Host.Id);
        }

        using (var client = fixture.Silo.CreateClient())
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basicAdmin);
            (await client.GetAsync(new Uri("/dashboard/", UriKind.Relative))).Dispose();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", wrongKey);
            (await client.GetAsync(new Uri("/metrics", UriKind.Relative))).Dispose();
        }

        // The console logger writes from a queue: wait until the last request's own log line is out.
        var marker = Guid.NewGuid().ToString("N");
        (await fixture.Api.Client.GetAsync(new Uri($"/api/v1/hosts/{marker}", UriKind.Relative))).Dispose();
        var output = await Eventually.ReadAsync(() => Task.FromResult(fixture.Silo.Output), text => text.Contains(marker, StringComparison.Ordinal), Patience);

        Assert.DoesNotContain(fixture.AdminKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(basicAdmin, output, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Credential, output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongCredential, output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, output, StringComparison.Ordinal);
    }
}
