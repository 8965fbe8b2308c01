using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>The control plane's narrowing of a server's policy: stored, sent to the agent, and checked up front against what the agent reports.</summary>
[Collection(GatewaySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PolicyGatewayTests(GatewaySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private Uri Gateway => fixture.Silo.GatewayAddress;

    private static string PolicyPath(string hostId) => $"/api/v1/hosts/{hostId}/servers/main/policy";

    [Fact]
    public async Task Each_narrowing_leaves_one_audit_entry_below_its_host_with_the_narrowing()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        using var put = await fixture.Api.Client.PutAsJsonAsync(PolicyPath(host.Host.Id), new { readOnly = true });
        using var lift = await fixture.Api.Client.PutAsJsonAsync(PolicyPath(host.Host.Id), new { });
        var entries = (await fixture.Api.Client.GetFromJsonAsync<JsonElement>($"/api/v1/audit?target=host/{host.Host.Id}"))
            .GetProperty("entries").EnumerateArray().ToList();

        // host.enrol is the agent's, when the test enrolled it.
        Assert.Equal(["policy.set", "policy.set", "host.enrol", "host.register"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal($"host/{host.Host.Id}/server/main/policy", entries[0].GetProperty("target").GetString());
        Assert.All(entries.Take(2), e => Assert.Equal(("Api", "api"), (e.GetProperty("actor").GetProperty("kind").GetString(), e.GetProperty("via").GetString())));
        Assert.False(entries[0].GetProperty("changes").GetProperty("narrowing").GetProperty("readOnly").GetBoolean());
        Assert.True(entries[1].GetProperty("changes").GetProperty("narrowing").GetProperty("readOnly").GetBoolean());
    }

    [Fact]
    public async Task Narrowing_reaches_the_connected_agent_and_again_after_a_reconnect()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using (var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential))
        {
            await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

            using var put = await fixture.Api.Client.PutAsJsonAsync(PolicyPath(host.Host.Id), new { readOnly = true, consoleDenyPatterns = new[] { "^quit" } });
            var update = (await agent.ReadAsync()).PolicyUpdate;

            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("main", update.ServerId);
            Assert.True(update.Policy.ReadOnly);
            Assert.Equal(["^quit"], update.Policy.ConsoleDenyPatterns);
            Assert.False(update.Policy.RestrictsActions);
        }

        await using var again = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        var resent = (await again.ReadAsync()).PolicyUpdate;

        Assert.True(resent.Policy.ReadOnly);
    }

    [Fact]
    public async Task Effective_policy_the_agent_reports_is_shown_and_refuses_jobs_up_front_with_the_agents_words()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var effective = new PolicyRules { RestrictsActions = true, AllowedActions = { GameActions.PlayersList, GameActions.ChatSay }, ReadOnly = true };

        await agent.SendAsync(new AgentMessage { PolicyReport = new PolicyReport { ServerId = "main", Effective = effective } });
        var shown = await Eventually.ReadAsync(
            () => fixture.Api.Client.GetFromJsonAsync<JsonElement>(PolicyPath(host.Host.Id)),
            policy => policy.GetProperty("effective").ValueKind == JsonValueKind.Object,
            Patience);
        using var refused = await fixture.Api.PostJobAsync(host.Host.Id, GameActions.ChatSay);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var allowed = await fixture.Api.CreateJobAsync(host.Host.Id, GameActions.PlayersList);

        Assert.True(shown.GetProperty("effective").GetProperty("readOnly").GetBoolean());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("requested").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(
            "refused by policy: read-only mode allows only players.list, server.stats, server.status, server.time, server.version, not 'chat.say'",
            problem.GetProperty("detail").GetString());
        Assert.Equal(JobState.Queued, allowed.State);
    }

    [Fact]
    public async Task Policy_the_agent_reports_after_a_job_applies_to_the_next_job()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var before = await fixture.Api.CreateJobAsync(host.Host.Id, GameActions.ChatSay);

        await agent.SendAsync(new AgentMessage { PolicyReport = new PolicyReport { ServerId = "main", Effective = new PolicyRules { ReadOnly = true } } });
        await Eventually.ReadAsync(
            () => fixture.Api.Client.GetFromJsonAsync<JsonElement>(PolicyPath(host.Host.Id)),
            policy => policy.GetProperty("effective").ValueKind == JsonValueKind.Object,
            Patience);
        using var after = await fixture.Api.PostJobAsync(host.Host.Id, GameActions.ChatSay);

        Assert.Equal(GameActions.ChatSay, before.Action);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Fact]
    public async Task Policy_of_a_server_the_host_does_not_have_is_not_found()
    {
        var host = await fixture.Api.CreateHostAsync();

        using var response = await fixture.Api.Client.PutAsJsonAsync(PolicyPath(host.Host.Id), new { readOnly = true });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"allowedActions": ["rm -rf"]}""", "allowedActions")]
    [InlineData("""{"consoleDenyPatterns": ["(unclosed"]}""", "consoleDenyPatterns")]
    [InlineData("""{"arguments": {"chat.say": {"message": {"maxLength": -1}}}}""", "arguments.chat.say.message.maxLength")]
    [InlineData("""{"arguments": {"chat.say": {"message": {}}}}""", "arguments.chat.say.message")]
    [InlineData("""{"rateLimits": {"chat.say": {"burst": 0, "perMinute": 1}}}""", "rateLimits.chat.say.burst")]
    [InlineData("""{"rateLimits": {"chat.say": {"burst": 1, "perMinute": 0}}}""", "rateLimits.chat.say.perMinute")]
    [InlineData("""{"rateLimits": {"made.up": {"burst": 1, "perMinute": 1}}}""", "rateLimits.made.up")]
    public async Task Unusable_rule_gets_a_400_naming_its_field(string body, string field)
    {
        var host = await fixture.Api.CreateHostAsync();

        using var response = await fixture.Api.Client.PutAsync(PolicyPath(host.Host.Id), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
