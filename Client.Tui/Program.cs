using Maildriver.Client.Cli;

return await CliApp.RunAsync(args);
