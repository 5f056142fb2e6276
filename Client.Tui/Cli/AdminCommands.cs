using System.CommandLine;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>The administrative functions: users, lists, status and verify.</summary>
internal static class AdminCommands
{
    public static Command Create(GlobalOptions global)
    {
        var admin = new Command("admin", "Administrative functions (administrators only)");

        var name = new Argument<string>("name") { Description = "the user name" };
        var password = new Option<string>("--password") { Description = "the new user's password", Required = true };
        var isAdmin = new Option<bool>("--admin") { Description = "make the user an administrator" };
        var addUser = new Command("add-user", "Register a user on every machine") { name, isAdmin };

        // The new user's password shares its name with the global --password (the admin's); the contract spells
        // it `admin add-user NAME --password P`, so the admin's own is the --password before the command, else
        // MAILDRIVER_PASSWORD.
        addUser.Options.Add(password);
        addUser.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            await s.Server.AddUser(await s.TokenAsync(commandHasPassword: true), parse.GetValue(name)!, parse.GetValue(password)!, parse.GetValue(isAdmin));
            Report(s, new { user = parse.GetValue(name), added = true }, $"Added user {parse.GetValue(name)}.");
        }));
        admin.Subcommands.Add(addUser);

        var delName = new Argument<string>("name") { Description = "the user name" };
        var deleteUser = new Command("delete-user", "Remove a user and their mail from every machine") { delName };
        deleteUser.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            await s.Server.DeleteUser(await s.TokenAsync(), parse.GetValue(delName)!);
            Report(s, new { user = parse.GetValue(delName), deleted = true }, $"Deleted user {parse.GetValue(delName)}.");
        }));
        admin.Subcommands.Add(deleteUser);

        var listName = new Argument<string>("name") { Description = "the list name" };
        var members = new Option<string>("--members") { Description = "member users, comma-separated", Required = true };
        var addList = new Command("add-list", "Create or replace a mailing list") { listName, members };
        addList.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var m = parse.GetValue(members)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await s.Server.AddList(await s.TokenAsync(), parse.GetValue(listName)!, m);
            Report(s, new { list = parse.GetValue(listName), members = m }, $"List {parse.GetValue(listName)}: {string.Join(", ", m)}.");
        }));
        admin.Subcommands.Add(addList);

        var delList = new Argument<string>("name") { Description = "the list name" };
        var deleteList = new Command("delete-list", "Remove a mailing list") { delList };
        deleteList.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            await s.Server.DeleteList(await s.TokenAsync(), parse.GetValue(delList)!);
            Report(s, new { list = parse.GetValue(delList), deleted = true }, $"Deleted list {parse.GetValue(delList)}.");
        }));
        admin.Subcommands.Add(deleteList);

        var target = new Argument<string>("machine") { Description = "the machine to make Master (e.g. MD1)" };
        var changeMaster = new Command("change-master", "Make a chosen machine the Master; the current one hands everything over") { target };
        changeMaster.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var st = await s.Server.ChangeMaster(await s.TokenAsync(), parse.GetValue(target)!);
            Report(s, st, $"Master {st.Master}, Lieutenant {st.Lieutenant ?? "none yet"}, epoch {st.Epoch}.");
        }));
        admin.Subcommands.Add(changeMaster);

        admin.Subcommands.Add(MailCommands.Simple(global, "status", "The Master's view of the cluster", async s =>
        {
            var st = await s.Server.Status(await s.TokenAsync());
            if (s.Json)
            {
                Output.Json(st);
                return;
            }

            Console.Out.WriteLine($"Master {st.Master}, Lieutenant {st.Lieutenant ?? "none"}, epoch {st.Epoch}");
            if (st.NotAcknowledging is { } why)
            {
                Console.Out.WriteLine($"NOT ACKNOWLEDGING ({why}): requests wait a few seconds, then are refused for now");
            }

            foreach (var m in st.Machines)
            {
                Console.Out.WriteLine($"  {m.Name,-6} {(m.Up ? "up  " : "DEAD")}  catch-up pending {m.CatchupPending}");
            }

            Console.Out.WriteLine($"Pending sends {st.PendingSends}, pending deletes {st.PendingDeletes}, delete queue {st.DeleteQueue}");
        }));

        admin.Subcommands.Add(MailCommands.Simple(global, "verify", "Compare every machine's replica once the cluster is quiet; names any machine it could not compare", async s =>
        {
            var report = await s.Server.Verify(await s.TokenAsync());
            if (s.Json)
            {
                Output.Json(report);
            }
            else
            {
                VerifyOutput.Print(report);
            }

            // Exit 1 unless every machine was compared and all agree: a script's "verify && …" must not pass a
            // comparison that left a machine out.
            if (VerifyOutput.Failure(report) is { } failure)
            {
                throw new Grains.Protocol.RequestRefusedException(failure);
            }
        }));

        return admin;
    }

    private static void Report(CliSession session, object json, string text)
    {
        if (session.Json)
        {
            Output.Json(json);
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }
}
