using Micrograd.Cli;

// A progress bar only on a terminal; redirected output gets one plain line per step.
return await Cli.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
