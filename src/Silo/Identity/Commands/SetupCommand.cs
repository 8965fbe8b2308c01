using System.Net;
using System.Net.Http.Json;
using GameOps.Silo.Security;

namespace GameOps.Silo.Identity.Commands;

/// <summary>
/// <c>GameOps.Silo setup --user &lt;name&gt; --org &lt;org name&gt;</c>: sets up the running silo with the setup token
/// from the data folder; the password comes from <c>GAMEOPS_SETUP_PASSWORD</c> or the first line of standard input,
/// never from the command line (other users can read a process's arguments).
/// </summary>
public static class SetupCommand
{
    public const string Name = "setup";
    public const string PasswordVariable = "GAMEOPS_SETUP_PASSWORD";

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        if (args is not [Name, "--user", var user, "--org", var org])
        {
            await Console.Error.WriteLineAsync($"Usage: GameOps.Silo {Name} --user <name> --org <org name>  (password from {PasswordVariable} or standard input)");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? await Console.In.ReadLineAsync();
        using var api = LocalApi.ClientFor(builder.Configuration);
        var tokenPath = LocalApi.PathOf<SetupOptions>(builder.Configuration, SetupOptions.Section, o => o.TokenFilePath);
        return await SetUpAsync(api, tokenPath, user, password ?? "", org, Console.Out, Console.Error);
    }

    public static async Task<int> SetUpAsync(HttpClient api, string tokenPath, string user, string password, string org, TextWriter output, TextWriter errors)
    {
        if (await SecretFile.ReadAsync(tokenPath, CancellationToken.None) is not { Length: > 0 } token)
        {
            await errors.WriteLineAsync($"There is no setup token in {tokenPath}: GameOps is set up already, or the token is on the silo that started first.");
            return 1;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/setup") { Content = JsonContent.Create(new SetupRequest(token, user, password, org)) };
        using var response = await LocalApi.SendAsync(api, request, "setup", errors);
        if (response is null)
        {
            return 1;
        }

        if (response.StatusCode != HttpStatusCode.Created)
        {
            await errors.WriteLineAsync($"Setup was refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
            return 1;
        }

        await output.WriteLineAsync($"GameOps is set up: '{user}' is the platform admin and Owner of '{org}'. Sign in with POST /api/v1/auth/login.");
        return 0;
    }
}
