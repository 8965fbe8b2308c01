using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using Grpc.Core;
using GameOps.Silo.Tests.Storage;
using Grpc.Net.Client;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>
/// Enrolment over the gateway's real gRPC socket: a token is exchanged once for the host's credential, refused when
/// spent, expired or wrong (each attempt audited, failures counted), and a revocation cuts the connected stream.
/// Each test makes its own hosts; the clock only ever moves forward, past tokens no other test still holds.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EnrolmentGatewayTests(EnrolmentSiloFactory factory) : IClassFixture<EnrolmentSiloFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Token_is_exchanged_once_for_a_credential_that_opens_the_stream_and_a_second_use_is_refused()
    {
        using var api = Api();
        var host = await api.CreateHostAsync();

        var enrolled = await EnrolAsync(host.Enrolment.Token);
        var again = await Assert.ThrowsAsync<RpcException>(() => EnrolAsync(host.Enrolment.Token));
        await using var agent = await TestAgent.ConnectAsync(factory.GatewayAddress, enrolled.HostId, enrolled.Credential);
        await api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        Assert.Equal(host.Host.Id, enrolled.HostId);
        Assert.StartsWith("goh_", enrolled.Credential, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, again.StatusCode);
        Assert.Contains("already used", again.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["host.register", "host.enrol", "host.enrol.refuse"], await api.AuditActionsAsync($"host/{host.Host.Id}"));
    }

    [Fact]
    public async Task Host_has_no_credential_until_its_agent_enrols()
    {
        using var api = Api();
        var host = await api.CreateHostAsync();

        // The gateway refuses on the stream's headers, before any message: a Hello written here could meet the refusal.
        await using var unenrolled = TestAgent.Open(factory.GatewayAddress, host.Host.Id, $"goh_{new string('A', 43)}");

        Assert.Equal(StatusCode.Unauthenticated, await unenrolled.ReadUntilEndAsync(Patience));
        Assert.Equal(HostStatus.Pending, (await api.GetHostAsync(host.Host.Id)).Status);
    }

    [Fact]
    public async Task Enrolling_again_replaces_the_credential_and_the_old_one_is_refused()
    {
        using var api = Api();
        var host = await api.CreateEnrolledHostAsync();

        var reenrolled = await EnrolAsync((await api.CreateEnrolmentAsync(host.Host.Id)).Token);
        await using var old = TestAgent.Open(factory.GatewayAddress, host.Host.Id, host.Credential);
        await using var agent = await TestAgent.ConnectAsync(factory.GatewayAddress, reenrolled.HostId, reenrolled.Credential);

        Assert.NotEqual(host.Credential, reenrolled.Credential);
        Assert.Equal(StatusCode.Unauthenticated, await old.ReadUntilEndAsync(Patience));
        await api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
    }

    [Fact]
    public async Task Enrolled_credential_opens_no_api_endpoint_and_is_stored_only_as_a_hash()
    {
        using var api = Api();
        var host = await api.CreateEnrolledHostAsync();
        using var asAgent = factory.CreateApiClient();
        asAgent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Credential);

        using var refused = await asAgent.GetAsync(new Uri($"/api/v1/hosts/{host.Host.Id}", UriKind.Relative));
        var read = await api.Client.GetStringAsync(new Uri($"/api/v1/hosts/{host.Host.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(host.Credential, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Credential, read, StringComparison.Ordinal);
        Assert.False(await DatabaseFile.ContainsAsync(factory.DatabasePath, host.Credential));
    }

    [Fact]
    public async Task Token_past_its_hour_is_refused_as_expired()
    {
        using var api = Api();
        var host = await api.CreateHostAsync();
        factory.Clock.Advance(host.Enrolment.ExpiresAt - factory.Clock.UtcNow + TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<RpcException>(() => EnrolAsync(host.Enrolment.Token));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("expired", refused.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(host.Enrolment.ExpiresAt - host.Host.CreatedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal(["host.register", "host.enrol.refuse"], await api.AuditActionsAsync($"host/{host.Host.Id}"));
    }

    [Fact]
    public async Task Revoke_cuts_the_connected_stream_at_once_and_a_new_token_enrols_the_same_host_again()
    {
        using var api = Api();
        var host = await api.CreateHostAsync();
        var enrolled = await EnrolAsync(host.Enrolment.Token);
        await using var agent = await TestAgent.ConnectAsync(factory.GatewayAddress, enrolled.HostId, enrolled.Credential);
        await api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var ended = agent.ReadUntilEndAsync(Patience);

        var clock = Stopwatch.StartNew();
        using var revoke = await api.RevokeCredentialAsync(host.Host.Id);
        var status = await ended;
        var cutAfter = clock.Elapsed;

        await using var refused = TestAgent.Open(factory.GatewayAddress, host.Host.Id, enrolled.Credential);
        var refusedStatus = await refused.ReadUntilEndAsync(Patience);
        var reenrolment = await api.CreateEnrolmentAsync(host.Host.Id);
        var reenrolled = await EnrolAsync(reenrolment.Token);
        await using var back = await TestAgent.ConnectAsync(factory.GatewayAddress, reenrolled.HostId, reenrolled.Credential);
        var online = await api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, status);

        // No timer could do this: the heartbeat timeout is 15 s and the agent sent no message since its heartbeat.
        Assert.True(cutAfter < TimeSpan.FromSeconds(1), $"The stream ended {cutAfter.TotalMilliseconds:0} ms after the revoke call was sent.");
        Console.WriteLine($"Revoke to stream end: {cutAfter.TotalMilliseconds:0.0} ms");
        Assert.Equal(StatusCode.Unauthenticated, refusedStatus);
        Assert.Equal(host.Host.Id, reenrolled.HostId);
        Assert.Equal(host.Host.Id, online.Id);
        Assert.Equal(
            ["host.register", "host.enrol", "host.credential.revoke", "host.enrolment.create", "host.enrol"],
            await api.AuditActionsAsync($"host/{host.Host.Id}"));
    }

    [Fact]
    public async Task Install_command_names_the_gateway_and_the_token()
    {
        using var api = Api();
        var host = await api.CreateHostAsync();

        Assert.Equal(
            $"sudo deploy/install-agent.sh --control-plane-url {factory.GatewayAddress.ToString().TrimEnd('/')} --token {host.Enrolment.Token}",
            host.Enrolment.Command);
        Assert.Matches($"^goe_{host.Host.Id}\\.[A-Za-z0-9_-]{{43}}$", host.Enrolment.Token);
    }

    private GameOpsApi Api() => EnrolmentClient.Api(factory);

    private Task<EnrolResponse> EnrolAsync(string token) => EnrolmentClient.EnrolAsync(factory, token);
}

/// <summary>Failed enrolments are counted per address like failed credentials, on a silo of their own.</summary>
[Trait("Category", "Slow")]
public sealed class EnrolmentLimitTests(StrictEnrolmentSiloFactory factory) : IClassFixture<StrictEnrolmentSiloFactory>
{
    [Fact]
    public async Task Failed_enrolments_count_against_the_address_until_it_is_refused_unheard()
    {
        using var api = Api();
        var host = await api.CreateHostAsync();
        var wrong = $"goe_{host.Host.Id}.{new string('A', 43)}";

        var answers = new List<StatusCode>();
        for (var i = 0; i < factory.MaxFailures + 1; i++)
        {
            answers.Add((await Assert.ThrowsAsync<RpcException>(() => EnrolAsync(i % 2 == 0 ? wrong : "not-a-token"))).StatusCode);
        }

        var rightTokenTooLate = await Assert.ThrowsAsync<RpcException>(() => EnrolAsync(host.Enrolment.Token));

        Assert.Equal([.. Enumerable.Repeat(StatusCode.Unauthenticated, factory.MaxFailures), StatusCode.ResourceExhausted], answers);
        Assert.Equal(StatusCode.ResourceExhausted, rightTokenTooLate.StatusCode);
    }

    private GameOpsApi Api() => EnrolmentClient.Api(factory);

    private Task<EnrolResponse> EnrolAsync(string token) => EnrolmentClient.EnrolAsync(factory, token);
}

internal static class EnrolmentClient
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static GameOpsApi Api(EnrolmentSiloFactory factory)
    {
        factory.StartServer();
        var client = factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);
        return new GameOpsApi(client);
    }

    public static async Task<EnrolResponse> EnrolAsync(EnrolmentSiloFactory factory, string token)
    {
        using var channel = GrpcChannel.ForAddress(factory.GatewayAddress);
        return await new AgentGateway.AgentGatewayClient(channel).EnrolAsync(new EnrolRequest { Token = token }, deadline: DateTime.UtcNow.Add(Patience));
    }
}
