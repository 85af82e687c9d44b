namespace Micrograd.Core.IO

open System
open System.Collections.Generic
open System.Globalization
open System.IO
open System.Text.Json

/// Where a saved document came from and what it should be, as the refusals name them:
/// "The file 'model.json'" is not "a saved MLP".
type internal JsonSource = { Name: string; Kind: string }

/// <summary>
/// Reading and writing the saved formats' JSON strictly, each refusal written once: an
/// <see cref="T:System.IO.InvalidDataException"/> that names the source, the JSON path of the
/// value (<c>$.layers[1].nout</c>), what was expected and what was there.
/// </summary>
module internal JsonFields =

    /// The caller's file, with the checks every load makes before reading it.
    let readFile (path: string) : byte[] =
        if isNull path then
            raise (ArgumentNullException(nameof path, "The path is null; expected a file name such as \"model.json\"."))
        if String.IsNullOrWhiteSpace path then
            raise (ArgumentException("The path is empty; expected a file name such as \"model.json\".", nameof path))
        if Directory.Exists path then
            raise (FileNotFoundException(sprintf "Cannot load '%s': it is a folder, not a file." path, path))
        if not (File.Exists path) then
            raise (FileNotFoundException(sprintf "Cannot load '%s': there is no such file." path, path))
        File.ReadAllBytes path

    /// All of a stream, from where it stands to its end.
    let readStream (stream: Stream) : byte[] =
        if isNull stream then
            raise (ArgumentNullException(nameof stream, "The stream is null; expected one to read from."))
        use copy = new MemoryStream()
        stream.CopyTo copy
        copy.ToArray()

    let private show (e: JsonElement) =
        let raw = e.GetRawText()
        if raw.Length > 40 then raw.Substring(0, 37) + "..." else raw

    let private kindOf (e: JsonElement) =
        match e.ValueKind with
        | JsonValueKind.Object -> "an object"
        | JsonValueKind.Array -> "an array"
        | JsonValueKind.String -> "a string"
        | JsonValueKind.Number -> "a number"
        | JsonValueKind.True
        | JsonValueKind.False -> "true or false"
        | JsonValueKind.Null -> "null"
        | _ -> "nothing"

    /// Refuses the document: `path` is the JSON path of the value at fault.
    let fail (source: JsonSource) (path: string) (message: string) : 'T =
        raise (InvalidDataException(sprintf "%s is not %s: at %s, %s" source.Name source.Kind path message))

    /// Refuses the document because a check of the core refused a value read from it.
    let refusedBy (source: JsonSource) (path: string) (e: ArgumentException) : 'T =
        let reason = e.Message.Replace(Environment.NewLine, " ").Replace('\n', ' ')
        raise (InvalidDataException(sprintf "%s is not %s: at %s, %s" source.Name source.Kind path reason, e))

    let private expected (source: JsonSource) (path: string) (what: string) (e: JsonElement) : 'T =
        fail source path (sprintf "expected %s, got %s (%s)." what (kindOf e) (show e))

    /// The document's root, parsed strictly (no comments, no trailing commas).
    let parse (source: JsonSource) (bytes: byte[]) : JsonDocument =
        // A byte-order mark is not JSON, but an editor may have added one.
        let start =
            if bytes.Length >= 3 && bytes[0] = 0xEFuy && bytes[1] = 0xBBuy && bytes[2] = 0xBFuy then 3 else 0
        try
            JsonDocument.Parse(ReadOnlyMemory<byte>(bytes, start, bytes.Length - start))
        with :? JsonException as e ->
            raise (
                InvalidDataException(
                    sprintf "%s is not %s: it is not whole, valid JSON (%s)" source.Name source.Kind e.Message,
                    e
                )
            )

    /// The fields of the object at `path`, refusing another kind of value, a field given twice,
    /// and a field that is not one of `known`.
    let objectAt
        (source: JsonSource)
        (path: string)
        (known: string list)
        (e: JsonElement)
        : IReadOnlyDictionary<string, JsonElement> =
        if e.ValueKind <> JsonValueKind.Object then
            expected source path "an object" e
        let fields = Dictionary<string, JsonElement>(StringComparer.Ordinal)
        for p in e.EnumerateObject() do
            if fields.ContainsKey p.Name then
                fail source path (sprintf "the field \"%s\" is given twice." p.Name)
            if not (List.contains p.Name known) then
                fail
                    source
                    path
                    (sprintf
                        "the field \"%s\" is not one of this format's (%s)."
                        p.Name
                        (String.Join(", ", known |> List.map (sprintf "\"%s\""))))
            fields.Add(p.Name, p.Value)
        fields

    /// The field `name` of an object's fields, refusing its absence.
    let field
        (source: JsonSource)
        (path: string)
        (fields: IReadOnlyDictionary<string, JsonElement>)
        (name: string)
        : JsonElement * string =
        match fields.TryGetValue name with
        | true, value -> value, path + "." + name
        | _ -> fail source path (sprintf "the field \"%s\" is missing." name)

    /// A whole number from `minimum` up to Int32.MaxValue.
    let intAt (source: JsonSource) (path: string) (minimum: int) (e: JsonElement) : int =
        let what = sprintf "a whole number, %d or more" minimum
        if e.ValueKind <> JsonValueKind.Number then
            expected source path what e
        match e.TryGetInt64() with
        | true, n when n >= int64 minimum && n <= int64 Int32.MaxValue -> int n
        | _ -> expected source path what e

    /// A finite number (JSON cannot hold NaN or infinity; a literal too large for a double, such
    /// as 1e400, is refused too).
    let floatAt (source: JsonSource) (path: string) (e: JsonElement) : float =
        if e.ValueKind <> JsonValueKind.Number then
            expected source path "a number" e
        match e.TryGetDouble() with
        | true, x when Double.IsFinite x -> x
        | _ -> expected source path "a finite number within a double's range" e

    let stringAt (source: JsonSource) (path: string) (e: JsonElement) : string =
        if e.ValueKind <> JsonValueKind.String then
            expected source path "a string" e
        e.GetString()

    let boolAt (source: JsonSource) (path: string) (e: JsonElement) : bool =
        match e.ValueKind with
        | JsonValueKind.True -> true
        | JsonValueKind.False -> false
        | _ -> expected source path "true or false" e

    let arrayAt (source: JsonSource) (path: string) (e: JsonElement) : JsonElement[] =
        if e.ValueKind <> JsonValueKind.Array then
            expected source path "an array" e
        [| for item in e.EnumerateArray() -> item |]

    /// An array of finite numbers; `count`, when 0 or more, is how many it must hold and
    /// `counted` says what they are one of.
    let floatsAt (source: JsonSource) (path: string) (count: int) (counted: string) (e: JsonElement) : float[] =
        let items = arrayAt source path e
        if count >= 0 && items.Length <> count then
            fail source path (sprintf "expected %d numbers, %s, got %d." count counted items.Length)
        items
        |> Array.mapi (fun i item -> floatAt source (sprintf "%s[%d]" path i) item)

    /// The format's name and version, read first, so that a file of another kind or a newer
    /// version is refused as such rather than for its fields.
    let header (source: JsonSource) (format: string) (version: int) (root: JsonElement) : unit =
        if root.ValueKind <> JsonValueKind.Object then
            expected source "$" "an object" root
        match root.TryGetProperty "format" with
        | true, f when f.ValueKind = JsonValueKind.String && f.GetString() = format -> ()
        | true, f -> fail source "$.format" (sprintf "expected \"%s\", got %s." format (show f))
        | _ -> fail source "$" (sprintf "the field \"format\" is missing (expected \"%s\")." format)
        match root.TryGetProperty "version" with
        | true, v ->
            match
                v.ValueKind = JsonValueKind.Number
                && (fst (v.TryGetInt32()))
                && v.GetInt32() = version
            with
            | true -> ()
            | false ->
                fail
                    source
                    "$.version"
                    (sprintf "expected %d, the version this library reads, got %s." version (show v))
        | _ -> fail source "$" (sprintf "the field \"version\" is missing (expected %d)." version)

    /// The writer every save uses: indented, so that a saved file can be read and compared.
    let writer (stream: Stream) : Utf8JsonWriter = new Utf8JsonWriter(stream, JsonWriterOptions(Indented = true))

    /// Writes each number as the shortest text that parses back to the same double.
    let writeFloats (w: Utf8JsonWriter) (name: string) (values: IReadOnlyList<float>) : unit =
        w.WriteStartArray name
        for v in values do
            w.WriteNumberValue v
        w.WriteEndArray()

    /// A number as the refusals print it (the round-trip form).
    let showFloat (x: float) = x.ToString("R", CultureInfo.InvariantCulture)
