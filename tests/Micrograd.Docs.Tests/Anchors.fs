/// GitHub's anchors for headings, written once: the docs tests check the Markdown pages' links
/// with them (LinkTests), and .ci/check-site.fsx, which loads this file, the built site's.
module Micrograd.Docs.Tests.Anchors

open System.Collections.Generic
open System.Text.RegularExpressions

/// <summary>GitHub's anchor for a heading's text: lower case, every character that is not a
/// letter, mark, digit, connector (`_`), space or hyphen dropped, then each space a hyphen.</summary>
let gitHubSlug (text: string) : string =
    Regex.Replace(text.Trim().ToLowerInvariant(), @"[^\p{L}\p{M}\p{N}\p{Pc} -]", "").Replace(' ', '-')

/// <summary>The anchors of a page's headings, given their texts in page order: the first of a
/// name as it is, each later one with -1, -2, ... as GitHub numbers them.</summary>
let numbered (texts: seq<string>) : string list =
    let seen = Dictionary<string, int>()
    [
        for text in texts do
            let slug = gitHubSlug text
            match seen.TryGetValue slug with
            | true, n ->
                seen[slug] <- n + 1
                yield sprintf "%s-%d" slug n
            | _ ->
                seen[slug] <- 1
                yield slug
    ]
