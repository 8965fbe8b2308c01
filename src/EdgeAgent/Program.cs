var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
var host = builder.Build();
host.Run();
