using System.Net.Http.Json;
using GameOps.Grains.Hosts;

namespace GameOps.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed class TlsGatewayTests
{
    private sealed record GatewayInfo(bool Tls, string? CertificateFingerprint);

    [Fact]
    public async Task Agent_pinning_the_gateways_self_signed_certificate_connects_over_tls()
    {
        var gatewayPort = TestPorts.Free();
        var gatewayUrl = $"https://127.0.0.1:{gatewayPort}";
        await using var system = await RunningSystem.StartAsync(_ => "", [$"--Kestrel:Endpoints:Gateway:Url={gatewayUrl}"]);
        var gateway = await system.Api.Client.GetFromJsonAsync<GatewayInfo>("/api/v1/gateway", GameOpsApi.Json);
        Assert.True(gateway!.Tls);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", gateway.CertificateFingerprint);
        Assert.True(File.Exists(system.Folder.Combine("data", "gateway-certificate.protected")));

        system.StartAgent(controlPlaneUrl: gatewayUrl, certificateFingerprint: gateway.CertificateFingerprint);

        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Agent_pinning_another_certificate_does_not_connect()
    {
        var gatewayUrl = $"https://127.0.0.1:{TestPorts.Free()}";
        await using var system = await RunningSystem.StartAsync(_ => "", [$"--Kestrel:Endpoints:Gateway:Url={gatewayUrl}"]);
        var otherFingerprint = string.Join(':', Enumerable.Repeat("AB", 32));

        var agent = system.StartAgent(controlPlaneUrl: gatewayUrl, certificateFingerprint: otherFingerprint);

        await agent.Process.WaitForOutputAsync("Reconnecting in", TimeSpan.FromSeconds(30));
        Assert.Equal(HostStatus.Pending, (await system.Api.GetHostAsync(system.Host.Host.Id)).Status);
    }
}
