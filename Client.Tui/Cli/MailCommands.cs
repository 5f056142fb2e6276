using System.CommandLine;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>send, receive, list, poll, read, save, flag and delete.</summary>
internal static class MailCommands
{
    public static IEnumerable<Command> Create(GlobalOptions global)
    {
        yield return Send(global);
        yield return Simple(global, "receive", "Receive all your mail, including letters still mid-delivery", async s =>
        {
            var result = await s.Server.Receive(await s.TokenAsync());
            if (s.Json)
            {
                Output.Json(result.Letters.Select(LetterJson.Of));
            }
            else
            {
                Output.Letters(result.Letters, withBodies: true);
            }

            if (result.Partial)
            {
                await Console.Error.WriteLineAsync("warning: some letters were still being delivered; the result may be partial");
            }
        });
        yield return Simple(global, "list", "List the letters on the connected machine", async s =>
        {
            var letters = await s.Server.List(await s.TokenAsync());
            if (s.Json)
            {
                Output.Json(letters.Select(LetterJson.Of));
            }
            else
            {
                Output.Letters(letters, withBodies: false);
            }
        });
        yield return Simple(global, "poll", "Is there unread mail on the connected machine?", async s =>
        {
            var result = await s.Server.Poll(await s.TokenAsync());
            if (s.Json)
            {
                Output.Json(result);
            }
            else
            {
                Console.Out.WriteLine(result.Mail ? "You have new mail." : "No new mail.");
            }
        });
        yield return Read(global);
        yield return SaveCommand.Create(global);
        yield return FlagCommand.Create(global);
        yield return Delete(global);
    }

    private static Command Send(GlobalOptions global)
    {
        var to = new Option<string>("--to") { Description = "recipients: users and lists, comma-separated", Required = true };
        var subject = new Option<string>("--subject") { Description = "the subject", Required = true };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "read the body from this file (default: standard input)" };
        var submissionId = new Option<string?>("--submission-id") { Description = "idempotency key: repeating it never sends a second letter (default: a new one)" };
        var command = new Command("send", "Send a letter") { to, subject, bodyFile, submissionId };
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var recipients = parse.GetValue(to)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (recipients.Length == 0)
            {
                throw new UsageException("--to: at least one recipient");
            }

            string body;
            if (parse.GetValue(bodyFile) is { } file)
            {
                if (!file.Exists)
                {
                    throw new UsageException($"--body-file: no such file '{file.FullName}'");
                }

                body = await File.ReadAllTextAsync(file.FullName);
            }
            else
            {
                body = await Console.In.ReadToEndAsync();
            }

            var id = parse.GetValue(submissionId) ?? Guid.NewGuid().ToString("N");
            var result = await s.Server.Send(await s.TokenAsync(), new SendRequest(recipients, parse.GetValue(subject)!, body, id));
            if (s.Json)
            {
                Output.Json(result);
            }
            else
            {
                Console.Out.WriteLine($"Sent: {result.Id}");
            }
        }));
        return command;
    }

    private static Command Read(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "the letter id" };
        var command = new Command("read", "Show one letter and mark it read") { id };
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var letter = await s.Server.Read(await s.TokenAsync(), parse.GetValue(id)!);
            if (s.Json)
            {
                Output.Json(LetterJson.Of(letter));
            }
            else
            {
                Output.Letter(letter);
            }
        }));
        return command;
    }

    private static Command Delete(GlobalOptions global)
    {
        var ids = new Argument<string[]>("ids") { Description = "letter ids", Arity = ArgumentArity.OneOrMore };
        var command = new Command("delete", "Delete letters from your mailbox") { ids };
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var result = await s.Server.Delete(await s.TokenAsync(), parse.GetValue(ids)!);
            if (s.Json)
            {
                Output.Json(result);
            }
            else
            {
                Console.Out.WriteLine($"Deleted {result.Deleted.Count} letter(s).");
            }
        }));
        return command;
    }

    internal static Command Simple(GlobalOptions global, string name, string description, Func<CliSession, Task> body)
    {
        var command = new Command(name, description);
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, global, body));
        return command;
    }
}
