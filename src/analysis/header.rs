//! What a column's header says on its own: its words, and whether it names one of the columns a
//! survey tool adds around the answers (submission time, response id, status, personal data).
//! It sits with the text analysis, below the index, because ingest picks its columns by these and
//! the readers above the index judge the headers it stores the same way (stats leaves a tool's
//! own columns out of the segments it shows; context finds its account and agent columns by their
//! words).

/// Lower-case words of a header, split at punctuation, spaces and camelCase.
pub fn words(header: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in header.chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Header names without case, spaces or punctuation: "Submit Date (UTC)" -> "submitdateutc".
pub fn normalized(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What a survey tool's own column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meta {
    /// The tool's response id.
    Id,
    /// When the response was submitted: the response's date.
    Submitted,
    /// Another time stamp (start, last change): a date only when nothing better is there.
    OtherDate,
    /// The kind of response (Qualtrics: IP Address, Survey Preview, Survey Test, Spam...).
    Status,
    /// Whether the respondent finished (True/False, 1/0).
    Finished,
    /// Personal data: emails, names, IP addresses, locations. Left out unless kept.
    Personal,
    /// Anything else the tool records (durations, channels, bot scores, user agents): a segment,
    /// never the id, date, score or a comment.
    Tool,
}

/// The part a column plays for the tool that wrote the file, from its header alone.
pub fn metadata(header: &str, tool: Option<&str>) -> Option<Meta> {
    let n = normalized(header);
    let trimmed = header.trim();
    // Qualtrics embedded data and fraud checks: Q_RecaptchaScore, Q_RelevantIDDuplicate...
    if trimmed.starts_with("Q_") && trimmed[2..].starts_with(|c: char| c.is_ascii_uppercase()) {
        return Some(Meta::Tool);
    }
    let meta = match n.as_str() {
        "responseid" | "respondentid" | "recordid" => Meta::Id,
        "recordeddate" | "datesubmitted" | "submitdateutc" | "submitdate" | "completiontime"
        | "submittedat" | "submissiondate" => Meta::Submitted,
        "startdate" | "startdateutc" | "starttime" | "timestarted" | "stagedateutc"
        | "lastmodifiedtime" => Meta::OtherDate,
        "enddate" if tool == Some("SurveyMonkey") => Meta::Submitted,
        "enddate" => Meta::OtherDate,
        "timestamp" if tool == Some("Google Forms") => Meta::Submitted,
        "status" | "responsetype" => Meta::Status,
        "finished" => Meta::Finished,
        "ipaddress" | "ip" | "emailaddress" | "email" | "recipientemail" | "recipientfirstname"
        | "recipientlastname" | "firstname" | "lastname" | "fullname" | "locationlatitude"
        | "locationlongitude" | "locationaccuracy" | "latitude" | "longitude" | "phone"
        | "phonenumber" | "mobilenumber" => Meta::Personal,
        "name" if matches!(tool, Some("Microsoft Forms") | Some("Qualtrics")) => Meta::Personal,
        "progress"
        | "durationinseconds"
        | "duration"
        | "distributionchannel"
        | "userlanguage"
        | "externalreference"
        | "externaldatareference"
        | "responseset"
        | "collectorid"
        | "contactid"
        | "legacycomments"
        | "language"
        | "referer"
        | "extendedreferer"
        | "sessionid"
        | "useragent"
        | "tags"
        | "networkid"
        | "ending"
        | "totalpoints"
        | "quizfeedback"
        | "formdefversion"
        | "instanceid" => Meta::Tool,
        "comments" if tool == Some("Alchemer (SurveyGizmo)") => Meta::Tool,
        "score" if tool == Some("Google Forms") => Meta::Tool,
        "id" if tool == Some("Microsoft Forms") => Meta::Id,
        "" if trimmed == "#" => Meta::Id,
        _ if n.starts_with("customdata") => Meta::Tool,
        _ if tool == Some("Microsoft Forms")
            && (trimmed.starts_with("Points - ") || trimmed.starts_with("Feedback - ")) =>
        {
            Meta::Tool
        }
        _ => return None,
    };
    Some(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words() {
        assert_eq!(words("NPS_SCORE"), ["nps", "score"]);
        assert_eq!(words("ReviewBody"), ["review", "body"]);
        assert_eq!(words("tweet_created"), ["tweet", "created"]);
        assert_eq!(words("Q1"), ["q1"]);
    }
}
