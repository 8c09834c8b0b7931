/**
 * Names people are known by: short forms, pet names and common alternative spellings, one group a
 * line. A name may sit in several groups (Alex is short for Alexander and Alexandra).
 */
const NICKNAME_GROUPS = `
  alfred alfie alf fred freddie freddy
  frederick freddie freddy fred fredrick
  alexander alex alexandra alexis lex sandy xander sasha
  alexandra alex alexa lexi lexie sandra sasha
  albert albie bert bertie
  archibald archie
  arthur art artie
  benjamin ben benji benny
  bradley brad
  callum cal calum
  charles charlie chas chaz chuck
  charlotte charlie lottie lotti char
  christopher chris kit topher
  christina christine chris tina kirsty kristina
  daniel dan danny
  david dave davey davie
  dominic dom
  edward ed eddie eddy ted teddy ned
  elizabeth liz lizzie lizzy beth betty bess bessie eliza libby elsie lisa
  eleanor ellie elly nell nellie nora
  ellen ellie nell
  emily em emmy millie
  emma em emmie
  florence flo florrie
  gabriel gabe gabby
  gabriella gabrielle gabby gabi ella
  harrison harry
  harold harry hal
  henry harry hal hank
  isabella isabel isabelle izzy izzie bella issy
  isobel izzy issy bella
  jacob jake jay
  james jim jimmy jamie jimbo
  jennifer jen jenny jenna
  jessica jess jessie
  john jack johnny jon
  jonathan jon jonny johnny nathan
  joseph joe joey
  joshua josh
  katherine catherine kathryn kate katie kath cathy kathy kat kitty
  kimberley kimberly kim
  lawrence laurence larry laurie
  leonard leo leon len lenny
  leonardo leo
  lewis louis lou louie
  louise lou lulu
  lucas luke luca
  madison maddie maddy madi
  madeleine madeline madelyn maddie maddy
  margaret maggie meg peggy margo margot
  mary molly polly mae
  matilda tilly tilda mattie
  matthew matt matty
  megan meg
  michael mike mikey mick micky mickey
  millicent millie milly
  mohammed muhammad mohammad mohamed muhammed mohamad mo moe
  nathaniel nathan nate nat
  nicholas nick nicky nico
  nicola nicky nikki
  oliver ollie olly
  olivia liv livvy livia
  patrick pat paddy
  penelope penny
  peter pete
  philip phillip phil pip
  rebecca becky becca bex
  richard rich rick ricky dick
  robert rob robbie bob bobby bert
  ronald ron ronnie
  samuel sam sammy
  samantha sam sammie sammy
  sarah sara sally sadie
  sophia sophie soph
  stephen steven steve stevie
  susan sue susie suzy
  theodore theo ted teddy
  thomas tom tommy
  timothy tim timmy
  tobias toby
  victoria vicky vicki tori
  william will willie billy bill liam
  zachary zach zack zak
  abigail abbie abby gail
  amelia millie milly amy
  antonia toni
  anthony tony ant
  joanne jo joanna
  josephine jo josie
  harriet hattie
  jasmine jazz jaz yasmin yasmine
  ayesha aisha aysha
  fatima fatimah
  yusuf yousef yousuf joseph
  ibrahim abraham
  maryam mariam miriam
`;

/** For each name, the groups it belongs to. */
const GROUPS_BY_NAME: ReadonlyMap<string, readonly number[]> = (() => {
  const byName = new Map<string, number[]>();
  NICKNAME_GROUPS.trim()
    .split('\n')
    .forEach((line, group) => {
      for (const name of line.trim().split(/\s+/)) byName.set(name, [...(byName.get(name) ?? []), group]);
    });
  return byName;
})();

/** The groups a (folded, single-word) name belongs to, as keys: two names are nicknames when any agree. */
export function nicknameKeys(name: string): readonly number[] {
  return GROUPS_BY_NAME.get(name) ?? [];
}

/** Every name known to share a group with this one (itself included), for search expansion. */
export function nicknameVariants(name: string): string[] {
  const groups = new Set(nicknameKeys(name));
  const variants = new Set([name]);
  for (const [other, otherGroups] of GROUPS_BY_NAME) {
    if (otherGroups.some((group) => groups.has(group))) variants.add(other);
  }
  return [...variants];
}
