//! Scores in context: what customers do next to what they say. Usage quadrants, churn from an
//! accounts file, and agent coaching for transactional CSAT.

pub mod accounts;
pub mod agents;
pub mod facts;
pub mod quadrants;
