using Microsoft.Extensions.Options;
using TinyCloud.Functions;
using TinyCloud.Functions.Deployment;

if (args is [FunctionJson.Command, var functionsDirectory])
    return FunctionJson.WriteAll(functionsDirectory);

try
{
    await TinyCloudApp.Build(args).RunAsync();
}
catch (OptionsValidationException ex)
{
    // A missing or weak setting stops start-up with a message naming the key, not a stack trace.
    foreach (var failure in ex.Failures)
        Console.Error.WriteLine($"Configuration error: {failure}");
    return 1;
}
return 0;

public partial class Program;
