using Maildriver.Benchmarks;

return await BenchmarkCommand.Create().Parse(args).InvokeAsync();
