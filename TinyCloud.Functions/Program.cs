using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using TinyCloud.Functions;

if (args.Contains(CreateIndexes.Argument))
    return await CreateIndexes.RunAsync(args);
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureTinyCloud();
using var host = builder.Build();
// Check every setting before the worker connects, so a bad configuration names its keys instead of a stack trace.
if (!host.Services.SettingsAreValid())
    return 1;
await host.RunAsync();
return 0;
