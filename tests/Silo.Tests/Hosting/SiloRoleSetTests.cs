using GameOps.Silo.Hosting;
using GameOps.Silo.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace GameOps.Silo.Tests.Hosting;

public sealed class SiloRoleSetTests
{
    [Fact]
    public void A_process_runs_every_role_unless_configured() =>
        Assert.Equal(SiloRoles.All, SiloRoleSet.Read(Configuration()));

    [Theory]
    [InlineData("Grains", SiloRoles.Grains)]
    [InlineData("AgentGateway", SiloRoles.AgentGateway)]
    [InlineData("api, webconsole", SiloRoles.Api | SiloRoles.WebConsole)]
    [InlineData("Grains,AgentGateway,Api,WebConsole", SiloRoles.All)]
    [InlineData("All", SiloRoles.All)]
    public void Roles_are_names_joined_by_commas_in_any_case(string setting, SiloRoles expected) =>
        Assert.Equal(expected, SiloRoleSet.Read(Configuration(setting, "Cluster", publicUrl: "https://gateway.example:5443")));

    [Theory]
    [InlineData("Gateway")]
    [InlineData("3")]
    [InlineData("None")]
    [InlineData("Grains,")]
    [InlineData("Grains;Api")]
    public void A_name_that_is_no_role_is_refused_with_the_setting_and_the_roles(string setting)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => SiloRoleSet.Read(Configuration(setting, "Cluster")));

        Assert.Contains($"GameOps:Silo:Roles '{setting}' is not a set of roles", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Grains, AgentGateway, Api, WebConsole", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SiloRoles.AgentGateway)]
    [InlineData(SiloRoles.Api | SiloRoles.WebConsole | SiloRoles.AgentGateway)]
    [InlineData(SiloRoles.Grains | SiloRoles.AgentGateway)]
    public void An_embedded_process_must_run_the_grains_the_gateway_and_the_api(SiloRoles roles)
    {
        var refusal = SiloRoleSet.Refusal(roles, HostingMode.Embedded, gatewayPublicUrl: null);

        Assert.NotNull(refusal);
        Assert.Contains("GameOps:Silo:Mode=Cluster", refusal, StringComparison.Ordinal);
        Assert.Contains("an embedded process is the whole deployment", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SiloRoles.All)]
    [InlineData(SiloRoles.Grains | SiloRoles.AgentGateway | SiloRoles.Api)]
    public void An_embedded_process_may_leave_out_the_web_console(SiloRoles roles) =>
        Assert.Null(SiloRoleSet.Refusal(roles, HostingMode.Embedded, gatewayPublicUrl: null));

    [Theory]
    [InlineData(SiloRoles.Grains)]
    [InlineData(SiloRoles.AgentGateway)]
    [InlineData(SiloRoles.Grains | SiloRoles.AgentGateway)]
    [InlineData(SiloRoles.AgentGateway | SiloRoles.Api | SiloRoles.WebConsole)]
    public void A_cluster_process_may_run_any_part(SiloRoles roles) =>
        Assert.Null(SiloRoleSet.Refusal(roles, HostingMode.Cluster, gatewayPublicUrl: null));

    [Fact]
    public void The_web_console_without_the_api_is_refused()
    {
        var refusal = SiloRoleSet.Refusal(SiloRoles.Grains | SiloRoles.WebConsole, HostingMode.Cluster, "https://gateway.example:5443");

        Assert.Equal(
            "GameOps:Silo:Roles 'Grains, WebConsole' has WebConsole without Api: the console's audit CSV downloads are API routes. Add Api.",
            refusal);
    }

    [Fact]
    public void The_api_without_the_gateway_needs_the_gateway_public_url_for_its_install_commands()
    {
        var refusal = SiloRoleSet.Refusal(SiloRoles.Api, HostingMode.Cluster, gatewayPublicUrl: " ");

        Assert.NotNull(refusal);
        Assert.Contains("Set GameOps:Gateway:PublicUrl", refusal, StringComparison.Ordinal);
        Assert.Null(SiloRoleSet.Refusal(SiloRoles.Api, HostingMode.Cluster, "https://gateway.example:5443"));
    }

    [Fact]
    public async Task A_process_is_refused_at_start_naming_the_setting_when_its_roles_cannot_run()
    {
        await using var factory = new RolesFactory("AgentGateway");

        var refusal = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains("GameOps:Silo:Roles 'AgentGateway' leaves out Grains, Api", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_embedded_process_without_the_web_console_role_serves_the_api_and_no_console()
    {
        await using var factory = new RolesFactory("Grains, AgentGateway, Api");
        using var client = factory.CreateAdminClient();

        using var console = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var hosts = await client.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, console.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, hosts.StatusCode);
    }

    private static IConfiguration Configuration(string? roles = null, string mode = "Embedded", string? publicUrl = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GameOps:Silo:Roles"] = roles,
            ["GameOps:Silo:Mode"] = mode,
            ["GameOps:Gateway:PublicUrl"] = publicUrl,
        }).Build();

    private sealed class RolesFactory(string roles) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GameOps:Silo:Roles", roles);
        }
    }
}
