namespace Maildriver.Tests.Architecture;

/// <summary>
/// Which namespace uses which, read from source: a file in namespace A uses namespace B when it has a
/// <c>using B;</c> and mentions a type (or extension method) B declares, names one of B's types qualified
/// (<c>B.Type</c>, or relative to an enclosing namespace, <c>Storage.LieutenantRecord</c> inside
/// <c>Maildriver.Grains</c>), or names a type of an enclosing namespace, which C# makes visible without a using.
/// Only namespaces declared in the files read count; the framework's and packages' are ignored.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, HashSet<string>> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> _edges = [];

    private NamespaceGraph(IReadOnlyList<CSharpSource> files)
    {
        foreach (var file in files.Where(f => f.Namespace.Length > 0))
        {
            if (!_names.TryGetValue(file.Namespace, out var names))
            {
                _names[file.Namespace] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            names.UnionWith(file.DeclaredNames);
        }

        foreach (var file in files.Where(f => f.Namespace.Length > 0))
        {
            foreach (var target in Uses(file).Where(t => t != file.Namespace))
            {
                _edges.TryAdd((file.Namespace, target), file.Path);
            }
        }
    }

    /// <summary>Every namespace declared in the files read.</summary>
    public IReadOnlyCollection<string> Namespaces => _names.Keys;

    /// <summary>Every use, with the first file that shows it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges => _edges;

    /// <summary>
    /// Reads every <c>.cs</c> file under <paramref name="projectFolders"/> (build output left out). A project's global
    /// usings, in its files or its <c>.csproj</c> (<c>&lt;Using Include="..." /&gt;</c>), count for each of its files.
    /// </summary>
    public static NamespaceGraph Read(string root, IEnumerable<string> projectFolders)
    {
        var files = new List<CSharpSource>();
        foreach (var folder in projectFolders)
        {
            var project = Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .Order(StringComparer.Ordinal)
                .Select(f => CSharpSource.Read(root, f))
                .ToList();
            var global = project.SelectMany(f => f.Usings).Where(u => u.IsGlobal)
                .Concat(Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj").SelectMany(ProjectUsings))
                .ToList();
            foreach (var file in project)
            {
                file.Usings.AddRange(global);
            }

            files.AddRange(project);
        }

        return new NamespaceGraph(files);
    }

    /// <summary>The graph without <paramref name="namespaces"/> and every use to or from them.</summary>
    public NamespaceGraph Without(IEnumerable<string> namespaces)
    {
        var left = new NamespaceGraph([]);
        var dropped = namespaces.ToHashSet(StringComparer.Ordinal);
        foreach (var (ns, names) in _names.Where(n => !dropped.Contains(n.Key)))
        {
            left._names[ns] = names;
        }

        foreach (var (edge, file) in _edges.Where(e => !dropped.Contains(e.Key.From) && !dropped.Contains(e.Key.To)))
        {
            left._edges[edge] = file;
        }

        return left;
    }

    /// <summary>
    /// The cycles: one per strongly connected group of namespaces, each written <c>A → B → A</c> with the file that
    /// makes each step. Empty when the uses go one way only.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var next = _edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var cycles = new List<string>();
        foreach (var group in StronglyConnected(next).Where(g => g.Count > 1))
        {
            // The shortest cycle through each member of the knot, each written once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in group.Order(StringComparer.Ordinal))
            {
                var path = ShortestCycle(member, group, next);
                var key = string.Join(" ", path.Skip(1).Order(StringComparer.Ordinal));
                if (seen.Add(key))
                {
                    var steps = path.Zip(path.Skip(1), (a, b) => $"  {a} → {b} ({_edges[(a, b)]})");
                    cycles.Add($"{string.Join(" → ", path)}\n{string.Join("\n", steps)}");
                }
            }
        }

        return cycles;
    }

    private IEnumerable<string> Uses(CSharpSource file)
    {
        var enclosing = Enclosing(file.Namespace).ToList();
        foreach (var directive in file.Usings)
        {
            var target = directive.Target.Replace("global::", "", StringComparison.Ordinal);
            if (directive.NamesType)
            {
                if (LongestKnownPrefix(target) is { } ns)
                {
                    yield return ns;
                }
            }
            else if (_names.TryGetValue(target, out var names) && names.Any(file.Identifiers.Contains) && !names.All(file.DeclaredNames.Contains))
            {
                yield return target;
            }
        }

        foreach (var segments in file.QualifiedNames())
        {
            for (var length = 1; length < segments.Length; length++)
            {
                var written = string.Join('.', segments.Take(length));
                foreach (var candidate in enclosing.Select(e => $"{e}.{written}").Append(written))
                {
                    if (_names.TryGetValue(candidate, out var names) && names.Contains(segments[length]))
                    {
                        yield return candidate;
                    }
                }
            }
        }

        // The enclosing namespaces' types are visible without a using.
        foreach (var outer in enclosing.Where(_names.ContainsKey))
        {
            if (_names[outer].Any(n => file.Identifiers.Contains(n) && !file.DeclaredNames.Contains(n)))
            {
                yield return outer;
            }
        }
    }

    private static IEnumerable<UsingDirective> ProjectUsings(string csproj)
        => System.Xml.Linq.XDocument.Load(csproj).Descendants("Using")
            .Select(u => (string?)u.Attribute("Include"))
            .OfType<string>()
            .Select(target => new UsingDirective(target, NamesType: false, IsGlobal: true));

    // Maildriver.Grains.Replica → Maildriver.Grains, Maildriver (its own namespace is not enclosing).
    private static IEnumerable<string> Enclosing(string ns)
    {
        for (var dot = ns.LastIndexOf('.'); dot > 0; dot = ns.LastIndexOf('.', dot - 1))
        {
            yield return ns[..dot];
        }
    }

    private string? LongestKnownPrefix(string name)
    {
        for (var candidate = name; candidate.Length > 0; candidate = candidate.Contains('.') ? candidate[..candidate.LastIndexOf('.')] : "")
        {
            if (_names.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // Tarjan's algorithm.
    private static List<List<string>> StronglyConnected(Dictionary<string, List<string>> next)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);
                groups.Add(group);
            }
        }

        foreach (var v in next.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return groups;
    }

    // Breadth first from start's successors back to start, within the group: start → … → start.
    private static List<string> ShortestCycle(string start, List<string> group, Dictionary<string, List<string>> next)
    {
        var inGroup = group.ToHashSet(StringComparer.Ordinal);
        var came = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in (next.GetValueOrDefault(v) ?? []).Where(inGroup.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { start };
                    for (var at = v; at != start; at = came[at])
                    {
                        path.Insert(1, at);
                    }

                    path.Add(start);
                    return path;
                }

                if (came.TryAdd(w, v))
                {
                    queue.Enqueue(w);
                }
            }
        }

        return [start, start];
    }
}
