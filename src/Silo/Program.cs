using GameOps.Silo.Api;
using GameOps.Silo.ServerConsole;
using GameOps.Silo.Events;
using GameOps.Silo.Gateway;
using GameOps.Silo.Health;
using GameOps.Silo.Hosting;
using GameOps.Silo.Identity;
using GameOps.Silo.Identity.Commands;
using GameOps.Silo.Observability;
using GameOps.Silo.Players;
using GameOps.Silo.Schedules;
using GameOps.Silo.Security;
using GameOps.Silo.Storage.Postgres;
using GameOps.Silo.WebConsole;

// Settings ship beside the binary; relative data paths resolve against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (args is [MigrateCommand.Name, ..])
{
    Environment.ExitCode = await MigrateCommand.RunAsync(builder);
    return;
}

if (args is [AdminKeyCommand.Name, ..])
{
    Environment.ExitCode = await AdminKeyCommand.RunAsync(builder, args);
    return;
}

if (args is [SetupCommand.Name, ..])
{
    Environment.ExitCode = await SetupCommand.RunAsync(builder, args);
    return;
}

builder.AddGameOpsSilo();
builder.AddAgentGateway();
builder.AddGameOpsObservability();
builder.Services.AddGameOpsSecurity();
builder.Services.AddGameOpsIdentity();
builder.Services.AddGameOpsHealth();
builder.Services.AddGameOpsApi();
builder.Services.AddGameOpsEvents();
builder.Services.AddGameOpsConsole();
builder.Services.AddGameOpsPlayers();
builder.Services.AddGameOpsSchedules();
builder.AddGameOpsWebConsole();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseListenerSeparation();
app.UseAuthentication();
app.UseRateLimiter();
app.UseCookieAntiforgery();
app.UseAuthorization();

app.MapGameOpsHealth();
app.MapGameOpsApi();
app.MapAgentGateway();
app.MapGameOpsObservability();
app.MapGameOpsWebConsole();

app.Run();

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
