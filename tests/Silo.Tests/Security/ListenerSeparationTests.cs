using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Orgs;
using GameOps.Silo.Gateway;
using GameOps.Silo.Hosts;
using GameOps.Silo.Tests.Gateway;
using Grpc.Core;

namespace GameOps.Silo.Tests.Security;

/// <summary>
/// The gateway's port serves the agent stream and nothing else; the API's port serves everything else and no gRPC.
/// Every route the app maps is tried on both, so a route added later cannot slip onto the gateway's port.
/// </summary>
public sealed class ListenerSeparationTests(ListeningSiloFactory factory) : IClassFixture<ListeningSiloFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Gateway_port_refuses_every_route_but_the_agent_stream()
    {
        factory.StartServer();
        using var gateway = factory.CreateGatewayClient();

        var served = new List<string>();
        foreach (var route in MappedRoute.All(factory.Services).Where(r => !IsAgentStream(r)))
        {
            using var response = await SendAsync(gateway, route);
            if (!IsRefused(response))
            {
                served.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(served);
    }

    [Fact]
    public async Task Api_port_refuses_the_agent_stream_and_serves_every_other_route()
    {
        factory.StartServer();
        using var api = factory.CreateApiClient();

        var wrong = new List<string>();
        var routes = MappedRoute.All(factory.Services);
        foreach (var route in routes)
        {
            using var response = await SendAsync(api, route);
            if (IsRefused(response) != (route.IsGrpc && !route.IsApiGrpc))
            {
                wrong.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        Assert.Contains(routes, IsAgentStream);
        Assert.Contains(routes, route => route.IsApiGrpc);
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Api_call_with_the_admin_key_on_the_gateway_port_is_refused_and_changes_nothing()
    {
        factory.StartServer();
        using var gateway = factory.CreateGatewayClient();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);
        var name = $"via gateway {Guid.NewGuid():N}";

        using var response = await gateway.PostAsJsonAsync("/api/v1/hosts", new { name });

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        using var api = factory.CreateApiClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);
        var hosts = (await api.GetFromJsonAsync<HostPage>("/api/v1/hosts", GameOpsApi.Json))?.Hosts;
        Assert.DoesNotContain(hosts!, h => h.Name == name);
    }

    [Fact]
    public async Task Agent_connects_on_the_gateway_port()
    {
        factory.StartServer();
        using var api = new GameOpsApi(factory.CreateApiClient());
        api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);
        var host = await api.CreateEnrolledHostAsync();

        await using var agent = await TestAgent.ConnectAsync(factory.GatewayAddress, host.Host.Id, host.Credential);

        await api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
    }

    [Fact]
    public async Task Agent_pointed_at_the_api_port_gets_a_grpc_status_that_says_where_to_go()
    {
        factory.StartServer();
        using var api = factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/gameops.agent.v1.AgentGateway/Connect")
        {
            Content = new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/grpc") } },
        };

        using var response = await api.SendAsync(request);

        Assert.Equal(((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "grpc-status"));
        Assert.Contains("Kestrel:Endpoints:Gateway", Header(response, "grpc-message"), StringComparison.Ordinal);
    }

    private static bool IsAgentStream(MappedRoute route) => route.Endpoint.Metadata.GetMetadata<GatewayEndpointMetadata>() is not null;

    // A refusal is 421 Misdirected Request, or for a gRPC call the status UNIMPLEMENTED.
    private static bool IsRefused(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.MisdirectedRequest
        || Header(response, "grpc-status") == ((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, MappedRoute route)
    {
        using var request = route.NewRequest();
        request.Version = client.DefaultRequestVersion;
        request.VersionPolicy = client.DefaultVersionPolicy;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);
        if (route.IsGrpc)
        {
            request.Content = new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/grpc") } };
        }

        // Headers are enough: the dashboard's log stream never ends on its own.
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
