/**
 * Name pools for the synthetic demo population, shaped like England's children and parents today.
 *
 * Every list is written most popular first and weighted by rank (Zipf-like), so a few names are
 * common and many are rare. Families draw from a heritage pool (names, surnames, ethnicity codes,
 * home language) so names and recorded ethnicity agree most of the time. Only random combinations
 * of these lists are ever produced: the generator is the only source of people, never real data.
 */
import { Random, weightedTable, zipfTable, type WeightedTable } from '../shared/random.ts';

export type Sex = 'M' | 'F';

/** A surname, with a feminine form where the language inflects it (Kowalski / Kowalska). */
export interface Surname {
  readonly masculine: string;
  readonly feminine: string;
}

export interface Heritage {
  readonly ethnicity: WeightedTable<string>;
  readonly surnames: WeightedTable<Surname>;
  /** Surnames many women use instead of the family name (Begum, Kaur), with the chance they do. */
  readonly womensSurnames?: { readonly names: WeightedTable<string>; readonly chance: number };
  readonly menGiven: WeightedTable<string>;
  readonly womenGiven: WeightedTable<string>;
  readonly boysGiven: WeightedTable<string>;
  readonly girlsGiven: WeightedTable<string>;
  /** Chance a child's given name comes from England's overall popular names rather than this pool. */
  readonly popularNameChance: number;
  readonly middleNameChance: number;
  /** Main home language other than English, if any; recorded for some adults. */
  readonly language?: string;
}

const words = (text: string): string[] => text.trim().split(/\s+/);

/** 'Kowalski/Kowalska' gives both forms; a plain name is the same for everyone. */
function surnames(text: string): WeightedTable<Surname> {
  return zipfTable(
    words(text).map((entry) => {
      const [masculine, feminine] = entry.split('/') as [string, string | undefined];
      return { masculine, feminine: feminine ?? masculine };
    }),
    0.7,
    6
  );
}

/**
 * Each list stands for a long real tail of rarer names, so popularity falls off gently: England's
 * most popular baby name is given to about 2% of babies and its most common surname is about 1%.
 */
const given = (text: string): WeightedTable<string> => zipfTable(words(text), 0.6, 6);
const ethnicity = (entries: [string, number][]): WeightedTable<string> => weightedTable(entries);

// England's popular baby names, as ranked by ONS, for two birth cohorts so older teenagers and
// toddlers have the names of their own years.
const BOYS_BORN_2016_ON = given(`
  Noah Oliver George Arthur Leo Oscar Harry Theo Freddie Archie Henry Jack Charlie Alfie Thomas Jacob Teddy
  Finley Tommy Jude Lucas Isaac Albie Reuben Rory Roman Ezra Hugo Edward William Joshua James Louie Elijah
  Luca Alexander Max Arlo Ronnie Mason Frankie Sonny Jaxon Harrison Hunter Ralph Otis Bobby Tobias Toby
  Ollie Riley Jesse Ethan Dylan Rowan Jasper Caleb Ellis Stanley Reggie Hudson Joseph Samuel Daniel Finn`);
const BOYS_BORN_BEFORE_2016 = given(`
  Oliver Jack Harry Jacob Charlie Thomas Joshua William James George Alfie Ethan Noah Daniel Samuel Oscar
  Joseph Max Dylan Lucas Alexander Leo Logan Mason Isaac Benjamin Liam Ryan Lewis Tyler Callum Jake Luke
  Matthew Kian Connor Harvey Finley Archie Riley Jayden Adam Cameron Nathan Aaron Kyle Bradley Owen Ben
  Henry Toby Alex Louis Reece Kai Zachary Leon Jamie Brandon Corey Mohammed`);
const GIRLS_BORN_2016_ON = given(`
  Olivia Amelia Isla Lily Ava Freya Ivy Florence Mia Isabella Grace Sophia Willow Evie Poppy Ella Rosie
  Sienna Elsie Charlotte Aria Daisy Sophie Emily Evelyn Hallie Ruby Matilda Harper Maya Bonnie Millie Phoebe
  Ada Alice Luna Mila Violet Esme Thea Arabella Maeve Aurora Lottie Margot Delilah Emilia Orla Maisie
  Isabelle Layla Eliza Iris Lyla Darcie Nancy Penelope Edith Hannah Zara Erin`);
const GIRLS_BORN_BEFORE_2016 = given(`
  Olivia Amelia Lily Emily Sophie Jessica Ella Isabella Chloe Grace Mia Evie Ruby Isla Charlotte Ava Megan
  Holly Hannah Lucy Ellie Katie Erin Millie Freya Poppy Daisy Phoebe Lola Abigail Leah Amber Molly Scarlett
  Lacey Eva Caitlin Jasmine Niamh Keira Imogen Lauren Paige Summer Madison Courtney Maisie Georgia Bethany
  Eleanor Alice Rebecca Tia Sienna Libby Kayla Demi Aimee`);

const BRITISH_MEN = given(`
  David Paul Mark Andrew James John Michael Daniel Christopher Matthew Richard Lee Craig Stephen Robert Gary
  Darren Wayne Ryan Adam Thomas Jamie Scott Dean Carl Jason Simon Ben Liam Kevin Anthony Steven Jonathan
  Martin Neil Shaun Jordan Luke Sam Nathan Kieran Jack Joe Dale Ashley Tom Chris Stuart Aaron Gareth`);
const BRITISH_WOMEN = given(`
  Sarah Emma Laura Rebecca Gemma Claire Lisa Amy Kelly Hayley Stacey Nicola Michelle Danielle Jennifer
  Samantha Rachel Natalie Charlotte Victoria Jade Leanne Kirsty Louise Joanne Lauren Katie Sophie Stephanie
  Zoe Hannah Jessica Amanda Kerry Donna Helen Catherine Chloe Holly Kayleigh Shannon Chelsea Abbie Georgia
  Becky Karen Jodie Melissa Carly`);

const BRITISH: Heritage = {
  ethnicity: ethnicity([
    ['WBRI', 93],
    ['WOTH', 1.5],
    ['WIRI', 1],
    ['NOBT', 3.5],
    ['REFU', 1],
  ]),
  surnames: surnames(`
    Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright
    Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward
    Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price
    Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox
    Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt
    Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
    Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart Elliott Reynolds
    Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Dawson Ball Burton
    Watts Rose Booth Perry Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter
    Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter
    Newton Oliver Reed Kennedy Bird Gardner Dean Lane Cooke Bates Parry Burgess Bishop Walton Shepherd Cross
    Long Freeman Warren Nicholls Hamilton Sutton Yates Hodgson Robson Curtis Hopkins Harper Coleman Moss
    Chambers Sharp Hardy Wheeler Potter Osborne Gordon Rowe Gilbert Willis Miles Hammond Arnold Barber Slater
    Frost Lambert Blake Goodwin Barton Greenwood Jennings Holt Kemp Poole Stokes Fowler Heath Middleton Banks`),
  menGiven: BRITISH_MEN,
  womenGiven: BRITISH_WOMEN,
  boysGiven: BOYS_BORN_2016_ON,
  girlsGiven: GIRLS_BORN_2016_ON,
  popularNameChance: 1,
  middleNameChance: 0.65,
};

const IRISH: Heritage = {
  ethnicity: ethnicity([
    ['WIRI', 80],
    ['WBRI', 18],
    ['NOBT', 2],
  ]),
  surnames: surnames(`
    Murphy Kelly O'Brien Byrne Ryan O'Sullivan Walsh O'Connor McCarthy Doyle Gallagher Kennedy Lynch Quinn
    Brennan Fitzgerald Nolan Keane Flanagan Donnelly O'Neill Brady Daly Maguire`),
  menGiven: given(
    'Sean Patrick Conor Declan Ciaran Liam Michael Kieran Niall Brendan Eoin Dermot Aidan Rory'
  ),
  womenGiven: given(
    'Siobhan Niamh Aoife Ciara Roisin Orla Sinead Mairead Bridget Grainne Catherine Mary Aisling'
  ),
  boysGiven: given('Cian Oisin Darragh Conor Sean Fionn Tadhg Rian Senan Ronan Cillian Padraig'),
  girlsGiven: given('Niamh Aoife Saoirse Ciara Caoimhe Roisin Orla Clodagh Aisling Eabha Sorcha'),
  popularNameChance: 0.7,
  middleNameChance: 0.55,
};

const IRISH_TRAVELLER: Heritage = {
  ethnicity: ethnicity([
    ['WIRT', 85],
    ['WIRI', 10],
    ['NOBT', 5],
  ]),
  surnames: surnames(
    'Ward McDonagh Joyce Connors Maughan Doherty McGinley Stokes Delaney Mongan Furey Cash Collins'
  ),
  menGiven: given('John Patrick Michael Martin Thomas James Joe Johnny Christy Tom Francie'),
  womenGiven: given('Mary Bridget Kathleen Margaret Nora Ellen Ann Brigid Josie Kelly Winnie'),
  boysGiven: given('John Patrick Michael Martin Mikey Johnny Tommy Jimmy Paddy Danny Frankie Christy'),
  girlsGiven: given('Mary Bridget Kathleen Margaret Shannon Chelsea Tiffany Bernadette Caitlin Winnie Nora'),
  popularNameChance: 0.4,
  middleNameChance: 0.3,
};

const GYPSY_ROMA: Heritage = {
  ethnicity: ethnicity([
    ['WROM', 85],
    ['WOTH', 8],
    ['NOBT', 7],
  ]),
  surnames: surnames(
    'Smith Price Lee Boswell Lovell Cooper Loveridge Horvath Balog Lakatos Gazi Olah Ayres Buckland'
  ),
  menGiven: given('John Levi Nelson Jan Milan Josef Tomas Marek Silvester Henry Roman'),
  womenGiven: given('Mary Maria Jana Renata Vashti Britannia Eva Simona Dolly Sabina'),
  boysGiven: given('Levi Noah Patrik Samuel Denis Daniel Tyson Riley Jimmy Elijah'),
  girlsGiven: given('Nikola Vanessa Natalia Sabina Karolina Lily Dolly Rosie Leah Vashti'),
  popularNameChance: 0.5,
  middleNameChance: 0.2,
  language: 'Romani',
};

const POLISH: Heritage = {
  ethnicity: ethnicity([
    ['WOTH', 92],
    ['NOBT', 8],
  ]),
  surnames: surnames(`
    Nowak Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kowalczyk Kamiński/Kamińska Lewandowski/Lewandowska
    Zieliński/Zielińska Szymański/Szymańska Woźniak Dąbrowski/Dąbrowska Kozłowski/Kozłowska
    Jankowski/Jankowska Mazur Kwiatkowski/Kwiatkowska Krawczyk Kaczmarek Piotrowski/Piotrowska
    Grabowski/Grabowska Zając Pawłowski/Pawłowska Król Wieczorek Jabłoński/Jabłońska Majewski/Majewska
    Olszewski/Olszewska Stępień Malinowski/Malinowska Jaworski/Jaworska`),
  menGiven: given(
    'Piotr Krzysztof Tomasz Paweł Marcin Michał Łukasz Grzegorz Mariusz Adam Kamil Dawid Jakub Rafał Sebastian'
  ),
  womenGiven: given(
    'Anna Katarzyna Agnieszka Magdalena Joanna Monika Aleksandra Karolina Ewa Justyna Marta Natalia Paulina Dorota Sylwia'
  ),
  boysGiven: given(
    'Jakub Szymon Filip Kacper Antoni Jan Aleksander Franciszek Mikołaj Wojciech Adam Oliwer Stanisław'
  ),
  girlsGiven: given('Zuzanna Julia Maja Zofia Hanna Lena Alicja Maria Amelia Oliwia Wiktoria Natalia Laura'),
  popularNameChance: 0.4,
  middleNameChance: 0.3,
  language: 'Polish',
};

const ROMANIAN: Heritage = {
  ethnicity: ethnicity([
    ['WOTH', 92],
    ['NOBT', 8],
  ]),
  surnames: surnames(`
    Popescu Popa Ionescu Dumitru Stan Stoica Gheorghe Munteanu Constantin Matei Rusu Ciobanu Moldovan Lungu
    Marin Tudor Radu Florea Cristea Dinu`),
  menGiven: given(
    'Ion Andrei Alexandru Florin Mihai Ionuț Marian Gabriel Adrian Cristian Vasile Daniel Constantin'
  ),
  womenGiven: given(
    'Maria Elena Ioana Andreea Mihaela Cristina Alina Florentina Nicoleta Gabriela Ana Daniela Roxana'
  ),
  boysGiven: given('David Luca Andrei Alexandru Matei Darius Ștefan Ianis Rareș Mihai Eric'),
  girlsGiven: given('Sofia Maria Ioana Daria Ana Eva Bianca Alesia Antonia Delia Rebeca'),
  popularNameChance: 0.35,
  middleNameChance: 0.2,
  language: 'Romanian',
};

const SOUTHERN_EUROPEAN: Heritage = {
  ethnicity: ethnicity([
    ['WOTH', 90],
    ['NOBT', 6],
    ['MOTH', 4],
  ]),
  surnames: surnames(`
    Silva Santos Ferreira Pereira Costa Oliveira Rodrigues Martins Sousa Fernandes Gomes Lopes Rossi Russo
    Romano Esposito Bianchi Garcia Rodriguez Fernandez Martinez Sanchez`),
  menGiven: given('João Carlos Luís Pedro Miguel António Marco Luca Giuseppe José Francisco Rui Nuno'),
  womenGiven: given('Ana Maria Sofia Catarina Sara Joana Rita Giulia Francesca Chiara Carmen Lucia Marta'),
  boysGiven: given('Rodrigo Tiago Lucas Gabriel Santiago Matteo Leonardo Duarte Martim Afonso'),
  girlsGiven: given('Beatriz Leonor Matilde Giulia Sofia Lucia Mariana Inês Carolina Alice'),
  popularNameChance: 0.5,
  middleNameChance: 0.45,
  language: 'Portuguese',
};

const PAKISTANI: Heritage = {
  ethnicity: ethnicity([
    ['APKN', 92],
    ['AOTH', 3],
    ['NOBT', 5],
  ]),
  surnames: surnames(`
    Khan Hussain Ahmed Ali Iqbal Mahmood Akhtar Shah Rashid Butt Raja Malik Anwar Aslam Javed Mirza Bashir
    Rehman Sadiq Nawaz Yousaf Riaz Hanif Saleem Qureshi Zaman Latif Mahmood-Khan`),
  womensSurnames: { names: given('Bibi Akhtar Begum Kausar Parveen'), chance: 0.25 },
  menGiven: given(`
    Mohammed Muhammad Imran Tariq Asif Adnan Kamran Bilal Farhan Zahid Shahid Amjad Naveed Waqas Usman Nadeem
    Sajid Arshad Zubair Abid`),
  womenGiven: given(`
    Shazia Nadia Saima Rubina Sana Ayesha Fatima Samina Nazia Farah Sobia Aisha Uzma Hina Amina Noreen
    Rukhsana Shabana`),
  boysGiven: given(`
    Muhammad Mohammed Ali Yusuf Ibrahim Adam Zayn Hamza Musa Ayaan Rayyan Abdullah Haris Zakariya Eesa Umar
    Yahya Idris Hassan Harris Ismail Mustafa Ahmed Zain Rehan Mohammad`),
  girlsGiven: given(`
    Maryam Aisha Fatima Zara Hafsa Inaya Khadija Zainab Hawa Safa Amna Aleena Anaya Eman Hajra Hania Mariam
    Iqra Manahil Aiza Hiba Noor Sumaya Alishba`),
  popularNameChance: 0.1,
  middleNameChance: 0.3,
  language: 'Urdu',
};

const BANGLADESHI: Heritage = {
  ethnicity: ethnicity([
    ['ABAN', 93],
    ['NOBT', 7],
  ]),
  surnames: surnames(
    'Miah Uddin Rahman Islam Ahmed Hoque Chowdhury Ali Hussain Khan Ullah Alom Hassan Kabir Karim Sheikh Mahmud'
  ),
  womensSurnames: { names: given('Begum Khatun Bibi Nessa'), chance: 0.6 },
  menGiven: given(
    'Abdul Mohammed Jamal Shahid Ruhel Shamim Kamal Rashid Faruk Mizanur Abul Anwar Habib Sohel Jalal'
  ),
  womenGiven: given(
    'Ruksana Shamima Nazma Shahana Rehana Salma Momina Rabia Taslima Jesmin Sufia Hasina Rahima Fahmida Nasima'
  ),
  boysGiven: given(
    'Muhammad Mohammed Ayaan Zayan Rayhan Yusuf Ibrahim Arham Ahnaf Tahmid Rahim Arafat Zakariya Ishaaq Raiyan'
  ),
  girlsGiven: given(
    'Sumaiya Tasnim Nusrat Sadia Ayesha Maryam Humaira Tahmina Ruqayyah Amira Anisa Fatima Zahra Raisa Inaya'
  ),
  popularNameChance: 0.1,
  middleNameChance: 0.25,
  language: 'Bengali (Sylheti)',
};

const INDIAN: Heritage = {
  ethnicity: ethnicity([
    ['AIND', 93],
    ['AOTH', 2],
    ['NOBT', 5],
  ]),
  surnames: surnames(`
    Patel Shah Mistry Parmar Chauhan Desai Mehta Joshi Sharma Kumar Gupta Modi Solanki Lad Rana Kapoor Nair
    Pillai Reddy Rao Varma Bhatt`),
  menGiven: given(
    'Rajesh Sanjay Vikram Amit Nilesh Hitesh Ketan Pritesh Rakesh Anil Deepak Manish Suresh Rohit Vijay'
  ),
  womenGiven: given(
    'Pooja Neha Sunita Anjali Priya Nisha Reena Kavita Meena Hema Bhavna Dipika Jyoti Sangeeta Shilpa'
  ),
  boysGiven: given('Arjun Aarav Krish Rohan Dev Aryan Ishaan Vihaan Kian Shiv Rishi Ayaan Advik Reyansh Sai'),
  girlsGiven: given('Anaya Priya Diya Aanya Ishani Riya Myra Saanvi Kiara Sana Anika Tara Isha Avni Meera'),
  popularNameChance: 0.35,
  middleNameChance: 0.3,
  language: 'Gujarati',
};

const SIKH_PUNJABI: Heritage = {
  ethnicity: ethnicity([
    ['AIND', 90],
    ['AOTH', 4],
    ['NOBT', 6],
  ]),
  surnames: surnames(
    'Singh Gill Sandhu Sidhu Bains Dhillon Johal Sahota Atwal Grewal Kang Virdee Bassi Sangha'
  ),
  womensSurnames: { names: given('Kaur'), chance: 0.5 },
  menGiven: given(
    'Harjit Gurpreet Manjit Jaswinder Sukhvinder Kuldip Baljit Harpreet Jagdeep Amarjit Rajinder Parminder Satnam Daljit Hardeep'
  ),
  womenGiven: given(
    'Harjinder Gurpreet Manjit Jaswinder Sukhjit Rajwinder Kulwinder Baljit Harpreet Amandeep Navdeep Simran Kiranjit Parmjit Satwant'
  ),
  boysGiven: given('Arjun Jaskaran Harvir Gurveer Sukhraj Ekam Jovan Kabir Zorawar Armaan Aryan Jai'),
  girlsGiven: given('Simran Jasmine Harleen Amrit Gurleen Seerat Mehar Kirat Jasleen Anaya Noor Japji'),
  popularNameChance: 0.3,
  middleNameChance: 0.2,
  language: 'Punjabi',
};

const WEST_AFRICAN: Heritage = {
  ethnicity: ethnicity([
    ['BAFR', 92],
    ['BOTH', 3],
    ['NOBT', 5],
  ]),
  surnames: surnames(`
    Okafor Mensah Adeyemi Okoye Adebayo Osei Boateng Asante Nwosu Eze Chukwu Ogunleye Owusu Adeleke Okonkwo
    Babatunde Obi Agyeman Bello Danso Olawale Adewale Moyo Ncube Mutasa Kabongo Ilunga Tshimanga`),
  menGiven: given(
    'Emmanuel Oluwaseun Chinedu Kwame Kofi Samuel David Daniel Michael Tunde Femi Yaw Ebuka Godwin Tendai Tafadzwa'
  ),
  womenGiven: given(
    'Blessing Grace Esther Abena Ama Adaeze Chioma Funmilayo Folake Yetunde Patience Joy Precious Mercy Ruth Comfort Rutendo Nyasha'
  ),
  boysGiven: given(
    'Daniel David Samuel Joshua Emmanuel Tobi Chidi Kwame Jayden Elijah Isaac Caleb Joel Nathan Michael Ethan Kofi Ayo'
  ),
  girlsGiven: given(
    'Esther Favour Grace Temi Ife Nia Amara Adaeze Chioma Zoe Abigail Ruth Precious Deborah Praise Naomi Faith Olamide'
  ),
  popularNameChance: 0.45,
  middleNameChance: 0.6,
  language: 'Yoruba',
};

const SOMALI: Heritage = {
  ethnicity: ethnicity([
    ['BAFR', 90],
    ['BOTH', 4],
    ['NOBT', 6],
  ]),
  surnames: surnames(
    'Mohamed Abdi Hassan Ali Omar Yusuf Warsame Farah Osman Ahmed Nur Ibrahim Jama Hussein Abdullahi Aden Ismail Said'
  ),
  menGiven: given('Mohamed Abdi Abdirahman Abdullahi Hassan Ahmed Mustafe Abdikadir Ismail Omar'),
  womenGiven: given('Faduma Hodan Sahra Amina Hawa Ubah Asha Fartun Sagal Khadra Ifrah Nimco Deeqa'),
  boysGiven: given('Mohamed Abdirahman Hamza Yusuf Ilyas Mustafa Abdullahi Ayub Idris Zakariye Muhammad'),
  girlsGiven: given('Hodan Ayaan Sagal Hafsa Iman Nasra Hamdi Safiya Maryan Sumaya Idil Najma'),
  popularNameChance: 0.1,
  middleNameChance: 0.1,
  language: 'Somali',
};

const CARIBBEAN: Heritage = {
  ethnicity: ethnicity([
    ['BCRB', 85],
    ['BOTH', 5],
    ['MWBC', 5],
    ['NOBT', 5],
  ]),
  surnames: surnames(`
    Campbell Williams Brown Thomas Clarke Francis Grant Reid Bailey Powell Johnson Henry Morgan Gordon Lewis
    Edwards Robinson Samuels Bennett Walker Wright Morris Phillips Forbes Gayle`),
  menGiven: given('Marcus Andre Dwayne Leon Jermaine Carlton Delroy Tyrone Wayne Errol Clive Shane Kevin'),
  womenGiven: given(
    'Marcia Sonia Paulette Shanice Tanisha Keisha Natasha Simone Charmaine Jacqueline Latoya Chantelle Tamika'
  ),
  boysGiven: given('Tyrese Malachi Jayden Kai Isaiah Tyler Jaden Elijah Josiah Reuben Kyrie Micah Zion'),
  girlsGiven: given('Nia Kezia Jada Imani Aaliyah Shanice Tiana Amara Keira Leah Talia Nevaeh'),
  popularNameChance: 0.7,
  middleNameChance: 0.6,
};

const CHINESE: Heritage = {
  ethnicity: ethnicity([
    ['CHNE', 92],
    ['AOTH', 3],
    ['NOBT', 5],
  ]),
  surnames: surnames('Chen Wang Li Zhang Liu Wong Chan Lee Lin Huang Zhou Wu Yang Ho Cheung Lam Ng Yip Tang'),
  menGiven: given('Wei Jun Ming Hao Jian Lei Kevin Jason Tony Chi'),
  womenGiven: given('Mei Lin Yan Xiao Jing Hui Fiona Helen Amy Ying Jenny'),
  boysGiven: given('Ethan Lucas Ryan Jayden Kai Hao Jun Zi Max Aiden'),
  girlsGiven: given('Chloe Emily Mia Grace Ella Zoe Mei Xin Ivy Chelsea'),
  popularNameChance: 0.7,
  middleNameChance: 0.3,
  language: 'Cantonese',
};

const SOUTH_EAST_ASIAN: Heritage = {
  ethnicity: ethnicity([
    ['AOTH', 88],
    ['OOTH', 5],
    ['NOBT', 7],
  ]),
  surnames: surnames(
    'Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Reyes Cruz Bautista Ocampo Mendoza Villanueva Aquino'
  ),
  menGiven: given('Minh Tuan Hung Duc Nam Long Jose Mark Paolo Rommel'),
  womenGiven: given('Linh Anh Thao Huong Lan Mai Maria Joy Rosalie Jasmine Cristina'),
  boysGiven: given('Minh Bao Khang Duy Gabriel Nathan Ethan Justin'),
  girlsGiven: given('Linh Anh Ngoc Vy Angel Althea Sofia Ashley'),
  popularNameChance: 0.5,
  middleNameChance: 0.4,
  language: 'Vietnamese',
};

const MIDDLE_EASTERN: Heritage = {
  ethnicity: ethnicity([
    ['OOTH', 55],
    ['AOTH', 30],
    ['NOBT', 15],
  ]),
  surnames: surnames(`
    Ahmadi Hosseini Karimi Rahimi Mohammadi Haidari Sultani Noori Amiri Rezaei Haddad Hassan Ibrahim Mahmoud
    Al-Sayed Saleh Abdullah Khalil Aziz Rasul Mustafa`),
  menGiven: given(
    'Ahmad Mohammad Ali Hassan Omar Yousef Mahmoud Khalid Karim Reza Farid Rahim Nawid Sherzad Hawre'
  ),
  womenGiven: given(
    'Fatima Zahra Maryam Leila Noor Huda Rania Samira Nadia Shirin Parisa Roya Nasrin Lana Dilan'
  ),
  boysGiven: given('Muhammad Omar Yousef Adam Ali Ahmad Hamza Amir Karim Zain Ibrahim Mustafa Elias'),
  girlsGiven: given('Layla Noor Mariam Sara Hana Yasmin Lana Maya Jana Rahaf Sidra Zahra Ayah'),
  popularNameChance: 0.2,
  middleNameChance: 0.1,
  language: 'Arabic',
};

/** Relative shares of households by heritage, roughly England's families with children. */
const HERITAGES = weightedTable<Heritage>([
  [BRITISH, 66],
  [IRISH, 1.5],
  [IRISH_TRAVELLER, 0.4],
  [GYPSY_ROMA, 0.4],
  [POLISH, 3],
  [ROMANIAN, 1.6],
  [SOUTHERN_EUROPEAN, 1],
  [PAKISTANI, 4.5],
  [BANGLADESHI, 1.8],
  [INDIAN, 2],
  [SIKH_PUNJABI, 0.9],
  [WEST_AFRICAN, 2.8],
  [SOMALI, 0.8],
  [CARIBBEAN, 1.3],
  [CHINESE, 0.6],
  [SOUTH_EAST_ASIAN, 0.8],
  [MIDDLE_EASTERN, 1.5],
]);

export function pickHeritage(random: Random): Heritage {
  return random.weighted(HERITAGES);
}

/** Heritage-matched partner most of the time; otherwise someone from the population at large. */
export function pickPartnerHeritage(random: Random, heritage: Heritage): Heritage {
  return random.chance(0.9) ? heritage : pickHeritage(random);
}

export function surnameFor(surname: Surname, sex: Sex | 'U'): string {
  return sex === 'F' ? surname.feminine : surname.masculine;
}

export function pickSurname(random: Random, heritage: Heritage): Surname {
  return random.weighted(heritage.surnames);
}

/** A woman's own surname where her community often uses one (Begum, Kaur), else undefined. */
export function womansOwnSurname(random: Random, heritage: Heritage): string | undefined {
  const custom = heritage.womensSurnames;
  return custom && random.chance(custom.chance) ? random.weighted(custom.names) : undefined;
}

export function adultGivenName(random: Random, heritage: Heritage, sex: Sex): string {
  return random.weighted(sex === 'M' ? heritage.menGiven : heritage.womenGiven);
}

/** A child's given name: community names or England's popular names of the child's birth cohort. */
export function childGivenName(random: Random, heritage: Heritage, sex: Sex, birthYear: number): string {
  if (random.chance(heritage.popularNameChance)) {
    const recent = birthYear >= 2016;
    if (sex === 'M') return random.weighted(recent ? BOYS_BORN_2016_ON : BOYS_BORN_BEFORE_2016);
    return random.weighted(recent ? GIRLS_BORN_2016_ON : GIRLS_BORN_BEFORE_2016);
  }
  return random.weighted(sex === 'M' ? heritage.boysGiven : heritage.girlsGiven);
}

/** A middle name different from the given name, or null (many children have none). */
export function middleName(
  random: Random,
  heritage: Heritage,
  sex: Sex,
  birthYear: number,
  givenName: string
) {
  if (!random.chance(heritage.middleNameChance)) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const name = childGivenName(random, heritage, sex, birthYear);
    if (name !== givenName) return name;
  }
  return null;
}

const MIXED_WITH_WHITE_BRITISH: Record<string, string> = {
  BCRB: 'MWBC',
  BAFR: 'MWBA',
  APKN: 'MWAS',
  ABAN: 'MWAS',
  AIND: 'MWAS',
  CHNE: 'MWAS',
  AOTH: 'MWAS',
};

/** A child's ethnicity: the family's, or a mixed code when the parents' heritages differ. */
export function childEthnicity(random: Random, mother: Heritage, father: Heritage | null): string {
  if (!father || father === mother) return random.weighted(mother.ethnicity);
  const [british, other] = mother === BRITISH ? [mother, father] : father === BRITISH ? [father, mother] : [];
  if (british && other) return MIXED_WITH_WHITE_BRITISH[other.ethnicity.items[0] as string] ?? 'MOTH';
  return 'MOTH';
}
